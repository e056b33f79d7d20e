import { SetupError } from '../../src/index.ts';
import { openIddictErrorSchema, tokenResponseSchema, type TokenResponse } from '../schemas/auth.ts';
import { createSessionSchema } from '../schemas/session.ts';
import { guestCreateSessionSchema, type GuestLimits } from '../schemas/guest.ts';
import { accountSchema, type Account } from '../schemas/account.ts';
import { invitationInfoSchema, type InvitationInfo } from '../schemas/invitation.ts';
import { GodGptApi } from './api.ts';
import type { ApiTarget } from './api-types.ts';
import { SetupClient, describeSpec, type SetupClientOptions } from './setup-client.ts';

/** A login failure: the OpenIddict error code (`invalid_grant`), `http_<status>`, `network`, or `invalid_body: 200 ...` naming what the 200 held instead of a token. */
export class LoginError extends SetupError {
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoginError';
    this.reason = reason;
  }
}

/**
 * The typed GodGPT client: `api` builds `RequestSpec`s for load; the async methods are set-up
 * calls (login, sessions, seeding) that return validated data or throw `SetupError`.
 */
export class GodGptClient {
  readonly api: GodGptApi;
  private readonly http: SetupClient;

  constructor(target: ApiTarget, options: SetupClientOptions = {}) {
    this.api = new GodGptApi(target);
    this.http = new SetupClient(options);
  }

  get baseUrl(): string {
    return this.api.baseUrl;
  }

  /** Where logins go (`POST <AUTH_URL or BASE_URL>/connect/token`), for messages. */
  get loginTarget(): string {
    return `POST ${this.api.authUrl}/connect/token`;
  }

  /** Password-grant login. Throws `LoginError` with the OpenIddict reason; never includes the password. */
  async login(email: string, password: string): Promise<TokenResponse> {
    return this.token(this.api.passwordToken(email, password), `login of ${maskEmail(email)}`);
  }

  /** Exchanges a refresh token for a new token pair. */
  async refresh(refreshToken: string): Promise<TokenResponse> {
    return this.token(this.api.refreshToken(refreshToken), 'token refresh');
  }

  private async token(spec: ReturnType<GodGptApi['passwordToken']>, what: string): Promise<TokenResponse> {
    let res;
    try {
      res = await this.http.send(spec);
    } catch (cause) {
      throw new LoginError('network', `${what}: ${(cause as Error).message}`, { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      // A 200 is no error: what was wrong is the body (a proxy's login page, garbage, a cut answer).
      if (res.status === 200) {
        const reason = `invalid_body: 200 ${notJsonKind(res.body)}`;
        throw new LoginError(reason, `${what}: ${describeSpec(spec)} answered ${reason.slice('invalid_body: '.length)}`);
      }
      throw new LoginError(`http_${res.status}`, `${what}: ${describeSpec(spec)} answered HTTP ${res.status} with non-JSON`);
    }
    if (res.status !== 200) {
      const err = openIddictErrorSchema.safeParse(json);
      if (err.success) {
        const desc = err.data.error_description ? ` (${err.data.error_description})` : '';
        throw new LoginError(err.data.error, `${what}: ${err.data.error}${desc}`);
      }
      throw new LoginError(`http_${res.status}`, `${what}: ${describeSpec(spec)} answered HTTP ${res.status}`);
    }
    const ok = tokenResponseSchema.safeParse(json);
    if (!ok.success) {
      const field = ok.error.issues[0]?.path.join('.') ?? '';
      const hasToken = typeof json === 'object' && json !== null && typeof (json as { access_token?: unknown }).access_token === 'string' && (json as { access_token: string }).access_token !== '';
      const reason = hasToken ? `invalid_body: 200 with an invalid ${field || 'token response'}` : 'invalid_body: 200 without access_token';
      throw new LoginError(reason, `${what}: ${describeSpec(spec)} answered ${reason.slice('invalid_body: '.length)} (token response does not match the schema at ${field || 'the top'})`);
    }
    return ok.data;
  }

  async createSession(token: string): Promise<string> {
    return this.http.data(this.api.createSession(token), createSessionSchema, 'create-session');
  }

  async guestCreateSession(ip: string): Promise<GuestLimits> {
    return this.http.data(this.api.guestCreateSession(ip), guestCreateSessionSchema, `guest create-session for ${ip}`);
  }

  async account(token: string): Promise<Account> {
    return this.http.data(this.api.account(token), accountSchema, 'account');
  }

  async invitationInfo(token: string): Promise<InvitationInfo> {
    return this.http.data(this.api.invitationInfo(token), invitationInfoSchema, 'invitation info');
  }

  /** Raw access to set-up traffic (simulator admin routes). */
  get setup(): SetupClient {
    return this.http;
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}

/** What a 200 body that does not parse as JSON looks like, for a login failure reason (never the body itself: it may echo a password). */
function notJsonKind(body: string): string {
  const head = body.trimStart();
  if (head === '') return 'with an empty body';
  if (head.startsWith('<')) return 'with an HTML page instead of a token';
  if (head.startsWith('{') || head.startsWith('[')) return 'with truncated or malformed JSON';
  return 'with a body that is not JSON';
}

/** `qa12@teml.net` → `q***2@teml.net`: enough to tell users apart in a message, not to log in. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 0) return '***';
  const local = email.slice(0, at);
  const masked = local.length <= 2 ? `${local[0] ?? ''}*` : `${local[0]}***${local.slice(-1)}`;
  return `${masked}${email.slice(at)}`;
}
