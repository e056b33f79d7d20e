import { randomInt } from 'node:crypto';

/** A simulated guest: the client IP the service keys it by (`X-Forwarded-For`). */
export interface Guest {
  readonly ip: string;
  /** Chats this IP has been used for in this run (including the current one). */
  readonly uses: number;
}

interface Slot {
  ip: string;
  uses: number;
}

export interface GuestIpPoolOptions {
  /** Chats one IP may be used for (the service's per-IP guest limit). @default 3 */
  chatsPerIp?: number;
  /** First address as a 32-bit number. @default a random address in 10.0.0.0/8, so reruns against a real target use fresh IPs (its counts never reset) */
  base?: number;
}

/**
 * Where generator `index` of `count` starts minting: a random address in the first half of its
 * own 1/`count` of 10.0.0.0/8, so that worker processes never hand out the same guest IP (each
 * may mint 2^23 / count addresses before reaching the next one's slice).
 */
export function guestIpSlice(generator: { index: number; count: number }): { base?: number } {
  if (generator.count <= 1) return {};
  const slice = Math.floor((1 << 24) / generator.count);
  return { base: (10 << 24) + generator.index * slice + randomInt(1, Math.max(2, Math.floor(slice / 2))) };
}

function toIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * Hands out guest IPs: each IP is used by one iteration at a time and for at most `chatsPerIp`
 * chats; new IPs are minted in 10.0.0.0/8 (skipping .0 and .255 host parts).
 */
export class GuestIpPool {
  private readonly chatsPerIp: number;
  private next: number;
  private readonly idle: Slot[] = [];
  minted = 0;

  constructor(options: GuestIpPoolOptions = {}) {
    this.chatsPerIp = Math.max(1, options.chatsPerIp ?? 3);
    this.next = options.base ?? (10 << 24) + randomInt(0, 1 << 23);
  }

  private mint(): Slot {
    for (;;) {
      const n = this.next;
      this.next = n + 1 >= (11 << 24) ? (10 << 24) + 1 : n + 1;
      const last = n & 255;
      if (last !== 0 && last !== 255) {
        this.minted++;
        return { ip: toIp(n), uses: 0 };
      }
    }
  }

  /** An IP with chats left that no other iteration holds; call `release` when the iteration ends. */
  acquire(): Guest {
    const slot = this.idle.pop() ?? this.mint();
    slot.uses++;
    return slot;
  }

  /** Gives an IP back; it is reused while it has chats left. Pass `exhausted` when the service said the limit is reached. */
  release(guest: Guest, exhausted = false): void {
    const slot = guest as Slot;
    if (!exhausted && slot.uses < this.chatsPerIp) this.idle.push(slot);
  }

  /** A fresh IP never handed out before (guest create-session tests). */
  fresh(): string {
    return this.mint().ip;
  }
}
