import { SetupError } from '../../src/index.ts';
import type { TokenResponse } from '../schemas/auth.ts';
import type { UserCredential, UserList } from './users.ts';

/** What the pool needs of a client: password login and refresh (GodGptClient has both). */
export interface TokenIssuer {
  login(email: string, password: string): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<TokenResponse>;
  /** Where logins go, for messages: `POST http://127.0.0.1:8080/connect/token`. */
  readonly loginTarget?: string;
}

export interface TokenPoolOptions {
  issuer: TokenIssuer;
  users: UserList;
  /** Users to log in (the first `size` of the list). */
  size: number;
  /** Parallel logins. @default 8 */
  concurrency?: number;
  /** Share of logins allowed to fail before `fill` gives up (0..1). @default 0.05 */
  maxFailureRatio?: number;
  /** Refresh this long before a token expires. @default 120 */
  refreshMarginS?: number;
  /** How often expiry is checked. @default 5000 */
  checkEveryMs?: number;
  /** Clock (tests). @default Date.now */
  now?: () => number;
}

/** A pooled user: its slot and its current access token (refreshes replace it). */
export interface PooledUser {
  readonly index: number;
  readonly email: string;
  readonly token: string;
}

interface Entry extends PooledUser {
  index: number;
  email: string;
  token: string;
  credential: UserCredential;
  refreshToken: string | undefined;
  expiresAtMs: number;
  refreshing: Promise<void> | undefined;
}

/** Counts of what the pool did, for reports and messages (no secrets). */
export interface TokenPoolStats {
  size: number;
  loginAttempts: number;
  loginFailures: number;
  /** Failure reasons (`invalid_grant`, `http_500`, `network`) and how often each happened. */
  failureReasons: Record<string, number>;
  refreshes: number;
  refreshFailures: number;
  unauthorized: number;
}

function reasonOf(err: unknown): string {
  const r = (err as { reason?: unknown }).reason;
  return typeof r === 'string' ? r : (err as Error).name || 'error';
}

function formatReasons(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r} x${n}`)
    .join(', ');
}

/**
 * Logged-in users ("old users") for a run: logs them in before load with bounded concurrency,
 * hands tokens out round-robin, refreshes each before it expires and after a 401.
 */
export class TokenPool {
  private readonly entries: Entry[];
  private cursor = 0;
  private readonly byToken = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private readonly stats: TokenPoolStats;

  private constructor(
    entries: Entry[],
    stats: TokenPoolStats,
    private readonly issuer: TokenIssuer,
    private readonly refreshMarginMs: number,
    private readonly now: () => number,
    checkEveryMs: number,
  ) {
    this.entries = entries;
    this.stats = stats;
    for (const e of entries) this.byToken.set(e.token, e);
    this.timer = setInterval(() => this.refreshDue(), checkEveryMs);
    this.timer.unref();
  }

  /** Logs in `size` users. Throws `SetupError` ("logged in 3 of 200 users: 197 failed (invalid_grant x197)") when too many fail. */
  static async fill(options: TokenPoolOptions): Promise<TokenPool> {
    const { issuer, users } = options;
    const now = options.now ?? Date.now;
    if (options.size > users.size) {
      throw new SetupError(`token pool wants ${options.size} users but ${users.describe} has only ${users.size}; lower PERF_POOL_SIZE or add users`);
    }
    const stats: TokenPoolStats = { size: 0, loginAttempts: 0, loginFailures: 0, failureReasons: {}, refreshes: 0, refreshFailures: 0, unauthorized: 0 };
    const entries: Entry[] = [];
    let firstFailure: string | undefined;
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= options.size) return;
        const credential = users.at(i);
        stats.loginAttempts++;
        try {
          const t = await issuer.login(credential.email, credential.password);
          entries.push({ index: i, email: credential.email, token: t.access_token, credential, refreshToken: t.refresh_token, expiresAtMs: now() + t.expires_in * 1000, refreshing: undefined });
        } catch (err) {
          stats.loginFailures++;
          firstFailure ??= err instanceof Error ? err.message : String(err);
          const r = reasonOf(err);
          stats.failureReasons[r] = (stats.failureReasons[r] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, options.size)) }, worker));
    const maxFailures = Math.floor(options.size * (options.maxFailureRatio ?? 0.05));
    if (entries.length === 0 || stats.loginFailures > maxFailures) {
      const at = issuer.loginTarget ? ` at ${issuer.loginTarget}` : '';
      const first = firstFailure ? `, first: ${firstFailure}` : '';
      throw new SetupError(
        `token pool: logged in ${entries.length} of ${options.size} users${at}: ${stats.loginFailures} failed (${formatReasons(stats.failureReasons)})${first}; users from ${users.describe}`,
      );
    }
    entries.sort((a, b) => a.index - b.index);
    entries.forEach((e, slot) => (e.index = slot));
    stats.size = entries.length;
    return new TokenPool(entries, stats, issuer, (options.refreshMarginS ?? 120) * 1000, now, options.checkEveryMs ?? 5000);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The next user, round-robin. */
  nextUser(): PooledUser {
    const e = this.entries[this.cursor]!;
    this.cursor = (this.cursor + 1) % this.entries.length;
    return e;
  }

  /** The next access token, round-robin. */
  next(): string {
    return this.nextUser().token;
  }

  /** The user in slot `index` (0..size-1, wrapping). */
  user(index: number): PooledUser {
    return this.entries[((index % this.entries.length) + this.entries.length) % this.entries.length]!;
  }

  /** Call when `token` got a 401: its user is refreshed (once, however many requests saw the 401). */
  onUnauthorized(token: string): void {
    const e = this.byToken.get(token);
    if (!e) return; // already replaced
    this.stats.unauthorized++;
    void this.refresh(e);
  }

  /** Refreshes every token that expires within the margin; resolves when those refreshes end. */
  async refreshDue(): Promise<void> {
    const due = this.entries.filter((e) => !e.refreshing && e.expiresAtMs - this.refreshMarginMs <= this.now());
    await Promise.all(due.map((e) => this.refresh(e)));
  }

  private refresh(e: Entry): Promise<void> {
    if (e.refreshing) return e.refreshing;
    e.refreshing = (async () => {
      try {
        let t: TokenResponse;
        try {
          if (!e.refreshToken) throw new Error('no refresh token');
          t = await this.issuer.refresh(e.refreshToken);
        } catch {
          // The refresh token may be spent or revoked: log in again.
          t = await this.issuer.login(e.credential.email, e.credential.password);
        }
        this.byToken.delete(e.token);
        e.token = t.access_token;
        e.refreshToken = t.refresh_token ?? e.refreshToken;
        e.expiresAtMs = this.now() + t.expires_in * 1000;
        this.byToken.set(e.token, e);
        this.stats.refreshes++;
      } catch {
        this.stats.refreshFailures++;
      } finally {
        e.refreshing = undefined;
      }
    })();
    return e.refreshing;
  }

  /** What the pool did so far. */
  report(): TokenPoolStats {
    return { ...this.stats, failureReasons: { ...this.stats.failureReasons } };
  }

  /** Stops the refresh timer and waits for refreshes in flight. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.entries.map((e) => e.refreshing));
  }
}
