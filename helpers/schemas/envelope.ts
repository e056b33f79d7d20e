import { z } from 'zod';

/** Success code of the `AutoResponseWrapper` envelope (a string, not a number). */
export const SUCCESS_CODE = '20000';
/** `UserFriendlyException` (§20: `GET /api/godgpt/share/<unknown>`, a registered email's send-register-code). */
export const ERROR_CODE = '50000';
/** Model validation failure, with `validationErrors` (§20). */
export const VALIDATION_CODE = '-1';
/** Empty or void result with `data:null` (§20): a success without data where the endpoint can return nothing. */
export const EMPTY_RESULT_CODE = '20001';

/** The success envelope `{"code":"20000","data":<payload>,"message":""}` around `data`. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({
    code: z.literal(SUCCESS_CODE),
    data,
    message: z.string(),
  });
}

/** One entry of a `-1` envelope's `validationErrors`. */
export const validationErrorSchema = z.object({
  memberNames: z.array(z.string()),
  errorMessage: z.string(),
});

/**
 * An error envelope, HTTP 200 on the real API (§20): `{"code":"50000","data":null,"message":"…"}`,
 * or `{"code":"-1","message":"Your request is not valid!","validationErrors":[…]}` (`data` may be absent).
 */
export const errorEnvelopeSchema = z.object({
  code: z.string().regex(/^-?\d+$/).refine((c) => c !== SUCCESS_CODE && c !== EMPTY_RESULT_CODE, 'error envelope must not carry a success code'),
  data: z.null().optional(),
  message: z.string(),
  validationErrors: z.array(validationErrorSchema).nullable().optional(),
});

/** The empty-result envelope `{"code":"20001","data":null,"message":"empty result"}`. */
export const emptyResultEnvelopeSchema = z.object({
  code: z.literal(EMPTY_RESULT_CODE),
  data: z.null(),
  message: z.string(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
