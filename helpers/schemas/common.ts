import { z } from 'zod';

/** A .NET GUID as serialised by the API: lowercase `8-4-4-4-12` hex. */
export const guidSchema = z.guid();
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** A .NET `DateTime` in UTC as the API writes it: `2025-07-29T03:21:03.8026735Z` (0 to 7 fractional digits). */
export const DOTNET_DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;
export const dotnetDateSchema = z.string().regex(DOTNET_DATE_RE, 'expected a .NET UTC date like 2025-07-29T03:21:03.8026735Z');

/** `PlanType`: 0 None, 1 Day, 2 Month, 3 Year, 4 Week. */
export const planTypeSchema = z.int().min(0).max(4);
/** `PaymentStatus` 0 to 10. */
export const paymentStatusSchema = z.int().min(0).max(10);
/** `VoiceLanguage`: 0 English, 1 Chinese, 2 Spanish (-1 Unset is rejected by the API). */
export const voiceLanguageSchema = z.int().min(-1).max(2);
