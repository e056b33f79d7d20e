import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactDeep } from '../../src/report/redact.ts';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('redact', () => {
  it('masks JWT-looking strings anywhere in text', () => {
    const out = redact(`token was ${JWT} in the log`);
    expect(out).not.toContain('eyJhbGci');
    expect(out).toBe(`token was ${REDACTED} in the log`);
  });

  it('masks Bearer and Basic credentials', () => {
    expect(redact('sent Bearer abc.def-123_XYZ to server')).toBe(`sent Bearer ${REDACTED} to server`);
    expect(redact('basic dXNlcjpwYXNz')).toBe(`basic ${REDACTED}`);
  });

  it('masks secret form fields but keeps the others', () => {
    const out = redact('grant_type=password&username=a%40b.c&password=hunter2&client_secret=s3cr3t&scope=x');
    expect(out).toBe(`grant_type=password&username=a%40b.c&password=${REDACTED}&client_secret=${REDACTED}&scope=x`);
  });

  it('masks secret JSON fields and header lines in text', () => {
    expect(redact('{"user":"a","password":"p@ss\\"word","refreshToken":"r1"}')).toBe(
      `{"user":"a","password":"${REDACTED}","refreshToken":"${REDACTED}"}`,
    );
    expect(redact('Cookie: sid=abc; other=1\nAccept: */*')).toBe(`Cookie: ${REDACTED}\nAccept: */*`);
  });

  it('masks passwords in URLs', () => {
    expect(redact('target http://admin:s3cret@127.0.0.1:8080/api')).toBe(`target http://${REDACTED}@127.0.0.1:8080/api`);
    expect(redact('http://127.0.0.1:8080/a@b')).toBe('http://127.0.0.1:8080/a@b');
    expect(redact('clone https://ghp_token123@github.com/x and http://u:@h/')).toBe(`clone https://${REDACTED}@github.com/x and http://${REDACTED}@h/`);
    expect(redact('http://127.0.0.1:8080/?to=a@b.c')).toBe('http://127.0.0.1:8080/?to=a@b.c');
  });

  it('leaves ordinary text alone', () => {
    const text = 'p95 rose from 80 ms to 900 ms after 40 s; 524 ×312; POST /api/godgpt/guest/chat';
    expect(redact(text)).toBe(text);
  });

  it('redacts deeply: secret-named keys and strings in nested data, without mutating', () => {
    const input = {
      meta: { target: 'http://127.0.0.1:1', headers: { Authorization: 'Bearer x', Accept: 'json' } },
      notes: [`saw ${JWT}`],
      auth: { password: 'hunter2', apiKey: 'k', accessToken: 'a', count: 3 },
      tokens: 12,
    };
    const out = redactDeep(input);
    expect(out.meta.headers.Authorization).toBe(REDACTED);
    expect(out.meta.headers.Accept).toBe('json');
    expect(out.notes[0]).toBe(`saw ${REDACTED}`);
    expect(out.auth).toEqual({ password: REDACTED, apiKey: REDACTED, accessToken: REDACTED, count: 3 });
    expect(out.tokens).toBe(12);
    expect(input.auth.password).toBe('hunter2');
    expect(JSON.stringify(out)).not.toMatch(/hunter2|eyJhbGci/);
  });
});

describe('redactDeep on secret-looking keys that hold data', () => {
  it('keeps an object under a secret-looking key (a step named connect-token) and redacts only strings', () => {
    const summary = {
      steps: { 'connect-token': { requests: { sent: 30, ok: 30 }, latency: { p95: 12 }, name: 'connect-token' } },
      headers: { 'set-cookie': ['sid=abc', 'x=1'], cookie: 'sid=abc' },
      auth: { token: 'abc', refreshToken: null, tokenCount: 2 },
    };
    const out = redactDeep(summary);
    expect(out.steps['connect-token']).toEqual(summary.steps['connect-token']);
    expect(out.headers['set-cookie']).toEqual([REDACTED, REDACTED]);
    expect(out.headers.cookie).toBe(REDACTED);
    expect(out.auth).toEqual({ token: REDACTED, refreshToken: null, tokenCount: 2 });
  });

  it('redacts a secret inside a key and inside an object under a secret-looking key', () => {
    const out = redactDeep({ steps: { [`call ${JWT}`]: { note: `sent Bearer abcdef` } }, session_token: { note: `saw ${JWT}` } });
    expect(Object.keys(out.steps)).toEqual([`call ${REDACTED}`]);
    expect(JSON.stringify(out)).not.toMatch(/eyJhbGci|abcdef/);
  });
});

describe('redactDeep on shared objects', () => {
  it('copies an object reachable twice without a cycle, and still cuts a real cycle', () => {
    const latency = { p95: 80 };
    const out = redactDeep({ a: latency, b: latency });
    expect(out).toEqual({ a: { p95: 80 }, b: { p95: 80 } });
    const loop: Record<string, unknown> = { n: 1 };
    loop.self = loop;
    expect(redactDeep(loop)).toEqual({ n: 1, self: '[Circular]' });
  });
});
