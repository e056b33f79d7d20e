import type { UserCredential } from './users.ts';

/** Users who have no token yet ("new users"), each handed out once while they last. */
export class FreshUsers {
  private cursor = 0;
  /** Logins handed out after the list ran out (the same users again). */
  repeats = 0;
  constructor(private readonly list: { size: number; at(i: number): UserCredential }, private readonly from: number) {}

  get available(): number {
    return Math.max(0, this.list.size - this.from);
  }

  next(): UserCredential {
    const avail = this.available;
    if (avail === 0) return this.list.at(this.cursor++ % this.list.size);
    if (this.cursor >= avail) this.repeats++;
    return this.list.at(this.from + (this.cursor++ % avail));
  }
}
