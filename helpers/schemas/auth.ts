import { z } from 'zod';

/** `POST /connect/token` success body (OpenIddict). */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.literal('Bearer'),
  expires_in: z.int().positive(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** OpenIddict error body, HTTP 400 (`invalid_grant`, `invalid_request`, `unsupported_grant_type`, `invalid_client`...). */
export const openIddictErrorSchema = z.object({
  error: z.string().min(1),
  error_description: z.string().optional(),
  error_uri: z.string().optional(),
});
export type OpenIddictError = z.infer<typeof openIddictErrorSchema>;

/**
 * `POST /api/account/godgpt-register` payload: not captured (an ABP identity user, or a bool); the
 * next step logs in by e-mail, so nothing in it is judged.
 */
export const registeredUserSchema = z.unknown();
/** `POST /api/account/check-email-registered` payload. */
export const checkEmailRegisteredSchema = z.boolean();
/**
 * `POST /api/account/send-register-code` (void action): `"20001"`/`"empty result"` for an
 * unregistered email, `"20000"` with `data:null` accepted; a registered email is `"50000"` (§20).
 */
export const sendRegisterCodeSchema = z.unknown();
/** `GET /api/account/logout`: `"20000"` or `"20001"` (§20); the payload is not captured. */
export const logoutSchema = z.unknown();
