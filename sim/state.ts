import { createHash } from 'node:crypto';
import type { SimConfig } from './config.ts';
import { dotnetDate, guid } from './rng.ts';

export interface ChatMessageRecord {
  chatRole: number;
  content: string;
  isVoiceMessage: boolean;
  voiceLanguage: number;
  voiceDurationSeconds: number;
  imageKeys: string[];
}

export interface Session {
  id: string;
  /** User id, or the guest key for guest sessions. */
  owner: string;
  guest: boolean;
  title: string;
  guider: string | null;
  createAt: string;
  createdMs: number;
  lastUsedMs: number;
  used: boolean;
  /** Chat history held in memory while the session is hot. */
  messages: ChatMessageRecord[];
  /** Chat history of a cold session, as stored grain state (JSON); read back on next use (§20: it never disappears). */
  storedHistory?: string;
  shareId?: string;
  /** The session's session-list item as JSON, and the title it was written with (rewritten when the title changes). */
  listJson?: string;
  listJsonTitle?: string;
  /** Memory the session's activation holds (the grain state); null once deactivated. */
  payload: Buffer | null;
  deleted: boolean;
}

/** Token bucket refilling continuously over the quota window. */
export interface Bucket { tokens: number; updatedMs: number }

export interface User {
  id: string;
  email: string;
  normalizedEmail: string;
  passwordHash: string;
  googleSub?: string;
  createdMs: number;
  deleted: boolean;
  gender: string | null;
  birthDate: string | null;
  birthPlace: string | null;
  fullName: string | null;
  voiceLanguage: number;
  credits: number;
  creditsInitialized: boolean;
  shouldShowToast: boolean;
  subscriber: boolean;
  /** Active subscription ids the user can cancel (seeded by `POST /_sim/seed-subscriptions`). */
  subscriptionIds: Set<string>;
  inviteCode: string;
  inviterId: string | null;
  redeemed: boolean;
  totalInvites: number;
  validInvites: number;
  creditsEarned: number;
  /** Invite rewards, as `credits/history` items (`RewardHistoryDto`). */
  creditsHistory: { inviteeId: string; credits: number; rewardType: number; issuedAt: string }[];
  messageBucket?: Bucket;
  voiceBucket?: Bucket;
  uploads: { day: number; count: number };
  payments: Record<string, unknown>[];
  chatted: boolean;
}

export interface Guest { key: string; chatCount: number; windowStartMs: number; sessionId?: string }
export interface Blob { name: string; owner: string; size: number }
export interface RefreshToken { userId: string; expMs: number; scope: string }

const PASSWORD_SALT = 'godgpt-sim';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODE_SPACE = 62 ** 7;
/** Prime, coprime with 62^7: n -> n * CODE_STEP mod 62^7 is a bijection, so codes never collide. */
const CODE_STEP = 999_999_937;

/** The n-th invite code: 7 characters of mixed-case letters and digits, like the real `uTaEe44` (§20). */
export function inviteCodeFor(n: number, offset: number): string {
  let v = (((n * CODE_STEP) % CODE_SPACE) + offset) % CODE_SPACE;
  let out = '';
  for (let i = 0; i < 7; i++) {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  }
  return out;
}
const hashCache = new Map<string, string>();

/** Cheap salted hash; the hash of each distinct password is computed once. */
export function hashPassword(password: string): string {
  let h = hashCache.get(password);
  if (!h) {
    h = createHash('sha256').update(`${PASSWORD_SALT}:${password}`).digest('base64');
    if (hashCache.size > 10_000) hashCache.clear();
    hashCache.set(password, h);
  }
  return h;
}

export class SimState {
  users: User[] = [];
  usersById = new Map<string, User>();
  usersByEmail = new Map<string, User>();
  usersByInvite = new Map<string, User>();
  usersByGoogle = new Map<string, User>();
  /** Every live session (deleted only by DELETE, an account delete or a replaced guest session). */
  sessions = new Map<string, Session>();
  /** Sessions holding their state (payload, chat history), least recently used first; the rest are cold. */
  hot = new Map<string, Session>();
  /** Sessions whose state is in memory, least recently used first. */
  activations = new Map<string, Session>();
  sessionBytes = 0;
  /** Users compared by unindexed (`scan`) email lookups, a counter (never reset). */
  usersScanned = 0;
  private byOwner = new Map<string, Set<string>>();
  shares = new Map<string, string>();
  guests = new Map<string, Guest>();
  blobs = new Map<string, Blob>();
  refreshTokens = new Map<string, RefreshToken>();
  private inviteCounter = 0;
  private readonly inviteOffset: number;

  constructor(private readonly config: SimConfig, private readonly rand: () => number) {
    this.inviteOffset = Math.floor(rand() * CODE_SPACE);
  }

  reset(): void {
    this.users = [];
    this.usersById.clear();
    this.usersByEmail.clear();
    this.usersByInvite.clear();
    this.usersByGoogle.clear();
    this.sessions.clear();
    this.hot.clear();
    this.activations.clear();
    this.byOwner.clear();
    this.sessionBytes = 0;
    this.shares.clear();
    this.guests.clear();
    this.blobs.clear();
    this.refreshTokens.clear();
  }

  createUser(email: string, password: string | null, now: number, id = guid(this.rand)): User {
    const code = inviteCodeFor(++this.inviteCounter, this.inviteOffset);
    const user: User = {
      id, email, normalizedEmail: email.toUpperCase(), passwordHash: password === null ? '' : hashPassword(password),
      createdMs: now, deleted: false, gender: null, birthDate: null, birthPlace: null, fullName: null, voiceLanguage: 0,
      credits: this.config.initialCredits, creditsInitialized: true, shouldShowToast: true, subscriber: false, subscriptionIds: new Set(),
      inviteCode: code, inviterId: null, redeemed: false, totalInvites: 0, validInvites: 0, creditsEarned: 0,
      creditsHistory: [], uploads: { day: 0, count: 0 }, payments: [], chatted: false,
    };
    this.users.push(user);
    this.usersById.set(id, user);
    if (email) this.usersByEmail.set(user.normalizedEmail, user);
    this.usersByInvite.set(code, user);
    return user;
  }

  /**
   * Email lookup through the index (healthy) or, the fault, a linear scan that normalises every
   * stored email the way ASP.NET Identity's lookup normaliser does (`Normalize().ToUpperInvariant()`).
   */
  findUserByEmail(email: string, mode: 'index' | 'scan'): User | undefined {
    if (mode === 'index') return this.usersByEmail.get(email.toUpperCase());
    const normalized = email.normalize().toUpperCase();
    const users = this.users;
    for (let i = 0; i < users.length; i++) {
      const u = users[i]!;
      if (u.email.normalize().toUpperCase() === normalized) {
        this.usersScanned += i + 1;
        return u;
      }
    }
    this.usersScanned += users.length;
    return undefined;
  }

  /** The user behind an id; in pressure mode, grains exist for any id, so an unknown id gets a blank user. */
  userFor(id: string, now: number, createMissing: boolean): User | undefined {
    const u = this.usersById.get(id);
    if (u || !createMissing) return u;
    return this.createUser('', null, now, id);
  }

  createSession(owner: string, guest: boolean, guider: string | null, now: number, id = guid(this.rand)): Session {
    const session: Session = {
      id, owner, guest, title: '', guider, createAt: dotnetDate(now), createdMs: now, lastUsedMs: now,
      used: false, messages: [], payload: null, deleted: false,
    };
    this.sessions.set(session.id, session);
    let owned = this.byOwner.get(owner);
    if (!owned) this.byOwner.set(owner, (owned = new Set()));
    owned.add(session.id);
    this.hot.set(session.id, session);
    this.activate(session, now);
    if (!this.config.faults.sessionLeak) this.enforceCap();
    return session;
  }

  /** Loads the session's state into memory (again, after a deactivation) and marks it recently used. */
  private activate(s: Session, now: number): void {
    if (!s.payload) {
      s.payload = Buffer.allocUnsafeSlow(this.config.sessionBytes);
      s.payload.fill((now & 0xff) | 1);
      this.sessionBytes += s.payload.length;
    }
    this.activations.delete(s.id);
    this.activations.set(s.id, s);
  }

  private deactivate(s: Session): void {
    if (s.payload) this.sessionBytes -= s.payload.length;
    s.payload = null;
    this.activations.delete(s.id);
  }

  /** A live session, marked as recently used (its state reloaded if it was deactivated or cold). */
  touchSession(id: string, now: number): Session | undefined {
    const s = this.sessions.get(id);
    if (!s || s.deleted) return undefined;
    s.lastUsedMs = now;
    if (s.storedHistory !== undefined) {
      s.messages = this.historyOf(s);
      s.storedHistory = undefined;
    }
    this.hot.delete(id);
    this.hot.set(id, s);
    this.activate(s, now);
    if (!this.config.faults.sessionLeak) this.enforceCap();
    return s;
  }

  /**
   * Evicts a session's state, not the session: the payload goes, the chat history is kept in its
   * stored form (compact JSON, like grain state written to storage) and read back on next use; a
   * guest session is freed.
   */
  private chill(s: Session): void {
    if (s.guest) {
      this.freeSession(s.id);
      return;
    }
    this.hot.delete(s.id);
    this.deactivate(s);
    if (s.messages.length > 0) s.storedHistory = JSON.stringify(this.historyOf(s));
    s.messages = [];
  }

  /** A session's whole chat history, hot or cold (without loading the session). */
  historyOf(s: Session): ChatMessageRecord[] {
    return s.storedHistory === undefined ? s.messages : [...(JSON.parse(s.storedHistory) as ChatMessageRecord[]), ...s.messages];
  }

  freeSession(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    if (this.config.faults.sessionLeak) {
      s.deleted = true;
      return;
    }
    this.sessions.delete(id);
    this.hot.delete(id);
    this.deactivate(s);
    const owned = this.byOwner.get(s.owner);
    owned?.delete(id);
    if (owned?.size === 0) this.byOwner.delete(s.owner);
    if (s.shareId) this.shares.delete(s.shareId);
  }

  /** Drops the in-memory state of sessions idle longer than `activationIdleMs` (never under the leak fault); returns bytes freed. */
  deactivateIdle(now: number): number {
    const ttl = this.config.activationIdleMs;
    if (this.config.faults.sessionLeak || ttl <= 0) return 0;
    let freed = 0;
    for (const s of this.activations.values()) {
      if (now - s.lastUsedMs < ttl) break;
      freed += s.payload?.length ?? 0;
      this.deactivate(s);
    }
    return freed;
  }

  /** Sessions idle longer than the TTL go cold (guest ones are freed); never under the leak fault. Returns how many. */
  sweepIdle(now: number): number {
    const ttl = this.config.sessionIdleTtlMs;
    if (this.config.faults.sessionLeak || ttl <= 0) return 0;
    let chilled = 0;
    for (const s of this.hot.values()) {
      if (now - s.lastUsedMs < ttl) break;
      this.chill(s);
      chilled++;
    }
    return chilled;
  }

  /**
   * Adds `count` cold sessions to `owner`, created one second apart ending at `now` (a heavy user
   * seeded outside a measured run); about `titledRatio` of them get a title. Returns `count`.
   */
  seedSessions(owner: string, count: number, titledRatio: number, now: number): number {
    let owned = this.byOwner.get(owner);
    if (!owned) this.byOwner.set(owner, (owned = new Set()));
    for (let i = 0; i < count; i++) {
      const at = now - (count - i) * 1000;
      const s: Session = {
        id: guid(this.rand), owner, guest: false, title: this.rand() < titledRatio ? `Session ${i + 1} notes` : '', guider: '',
        createAt: dotnetDate(at), createdMs: at, lastUsedMs: at, used: true, messages: [], payload: null, deleted: false,
      };
      this.sessions.set(s.id, s);
      owned.add(s.id);
    }
    return count;
  }

  /** Number of live sessions an owner has (cheap: no list is built). */
  sessionCountOf(owner: string): number {
    return this.byOwner.get(owner)?.size ?? 0;
  }

  sessionsOf(owner: string): Session[] {
    const out: Session[] = [];
    for (const id of this.byOwner.get(owner) ?? []) {
      const s = this.sessions.get(id);
      if (s && !s.deleted) out.push(s);
    }
    return out;
  }

  /** Past `maxSessionsTotal` hot sessions, the least recently used go cold. */
  private enforceCap(): void {
    while (this.hot.size > this.config.maxSessionsTotal) {
      const oldest = this.hot.values().next().value;
      if (oldest === undefined) break;
      this.chill(oldest);
    }
  }

  guestFor(key: string, now: number): Guest {
    let g = this.guests.get(key);
    if (!g) {
      g = { key, chatCount: 0, windowStartMs: now };
      this.guests.set(key, g);
    }
    const reset = this.config.guestLimitResetMs;
    if (reset > 0 && now - g.windowStartMs >= reset) {
      g.chatCount = 0;
      g.windowStartMs = now;
    }
    return g;
  }
}

/** `AnonymousUser_` plus the first 16 hex characters of SHA256(ip + "_" + salt). */
export function guestKey(ip: string): string {
  return `AnonymousUser_${createHash('sha256').update(`${ip}_godgpt-guest`).digest('hex').slice(0, 16)}`;
}

/** Takes one token from a continuously refilling bucket of `capacity` per `windowMs`. */
export function takeToken(bucket: Bucket | undefined, capacity: number, windowMs: number, now: number): { ok: boolean; bucket: Bucket } {
  const b = bucket ?? { tokens: capacity, updatedMs: now };
  b.tokens = Math.min(capacity, b.tokens + ((now - b.updatedMs) * capacity) / windowMs);
  b.updatedMs = now;
  if (b.tokens < 1) return { ok: false, bucket: b };
  b.tokens -= 1;
  return { ok: true, bucket: b };
}
