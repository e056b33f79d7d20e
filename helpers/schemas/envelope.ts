import { z } from 'zod';

/** Success code of the `AutoResponseWrapper` envelope (a string, not a number). */
export const SUCCESS_CODE = '20000';
/** Generic error code used by the simulator (the real one is UNCONFIRMED). */
export const ERROR_CODE = '50000';

/** The success envelope `{"code":"20000","data":<payload>,"message":""}` around `data`. */
export function envelope<T extends z.ZodType>(data: T) {
  return z.object({
    code: z.literal(SUCCESS_CODE),
    data,
    message: z.string(),
  });
}

/** The error envelope `{"code":"50000","data":null,"message":"…"}` (any non-success code). */
export const errorEnvelopeSchema = z.object({
  code: z.string().regex(/^\d+$/).refine((c) => c !== SUCCESS_CODE, 'error envelope must not carry the success code'),
  data: z.null(),
  message: z.string(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
