import { z } from 'zod';

/** `POST /api/godgpt/blob`: the stored name `<GUID><ext>`, used later in `images[]`. */
export const blobNameSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.[A-Za-z0-9]+)?$/);
/** `DELETE /api/godgpt/blob/{name}`: a void action (`"20001"`/`"empty result"`, or `"20000"` with `data:null`). */
export const blobDeleteSchema = z.null();
