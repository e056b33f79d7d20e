import { z } from 'zod';

/** A .NET GUID as serialised by the API: lowercase `8-4-4-4-12` hex. */
export const guidSchema = z.guid();
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * A .NET `DateTime` as the API writes it (§20): UTC with `Z` and 0 to 7 fraction digits, trailing
 * zeros trimmed (`2025-07-29T03:21:03.8026735Z`, `2025-07-29T03:21:03.80267Z`), or without a zone
 * for dates that never had one (`1990-01-31T00:00:00`, the zero DTO's `0001-01-01T00:00:00`).
 */
export const DOTNET_DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z?$/;
export const dotnetDateSchema = z.string().regex(DOTNET_DATE_RE, 'expected a .NET date like 2025-07-29T03:21:03.8026735Z or 1990-01-31T00:00:00');
/** `DateTime.MinValue` as the API writes it (the zero DTO's `createAt`, an unset subscription's dates). */
export const MIN_DOTNET_DATE = '0001-01-01T00:00:00';

/** `PlanType`: 0 None, 1 Day, 2 Month, 3 Year, 4 Week. */
export const planTypeSchema = z.int().min(0).max(4);
/** `PaymentStatus` 0 to 10. */
export const paymentStatusSchema = z.int().min(0).max(10);
/** `VoiceLanguage`: 0 English, 1 Chinese, 2 Spanish (-1 Unset is rejected by the API). */
export const voiceLanguageSchema = z.int().min(-1).max(2);
