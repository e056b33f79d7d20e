import { randomBytes } from 'node:crypto';
import type { MultipartField } from './types.ts';

export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

const quote = (s: string): string => s.replace(/[\r\n"\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ''));

/** Builds a multipart/form-data body once (RFC 7578); the result is reused for every request. */
export function buildMultipart(fields: readonly MultipartField[]): MultipartBody {
  const boundary = `----godgptperf${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const f of fields) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(f.name)}"`;
    if (f.filename !== undefined) head += `; filename="${quote(f.filename)}"`;
    head += '\r\n';
    const type = f.contentType ?? (f.filename !== undefined ? 'application/octet-stream' : undefined);
    if (type !== undefined) head += `Content-Type: ${type}\r\n`;
    head += '\r\n';
    parts.push(Buffer.from(head, 'utf8'));
    parts.push(typeof f.value === 'string' ? Buffer.from(f.value, 'utf8') : Buffer.from(f.value));
    parts.push(Buffer.from('\r\n', 'utf8'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
