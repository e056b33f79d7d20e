import { SetupError } from '../../src/index.ts';
import type { PooledUser, TokenPool } from '../auth/token-pool.ts';
import type { GodGptClient } from '../client/godgpt-client.ts';
import { uploadImage } from '../fixtures/image.ts';
import { blobNameSchema } from '../schemas/blob.ts';
import { boundedAll } from './sessions.ts';

/** Images uploaded before the run, one per pooled user, by the pool's user slot. */
export class ChatImages {
  private cursor = 0;
  private readonly indexes: number[];
  constructor(private readonly byIndex: ReadonlyMap<number, string>, private readonly pool: TokenPool) {
    this.indexes = [...byIndex.keys()];
  }

  get size(): number {
    return this.byIndex.size;
  }

  /** The next user who has an uploaded image, with that image's blob name. */
  next(): { user: PooledUser; image: string } {
    const index = this.indexes[this.cursor++ % this.indexes.length]!;
    return { user: this.pool.user(index), image: this.byIndex.get(index)! };
  }
}

/**
 * Uploads the 64x64 test PNG once for each of the first `count` pooled users through
 * `POST /api/godgpt/blob` (set-up traffic, never measured): their blob names go into chats'
 * `images`. Throws `SetupError` when more than 5% fail (a daily upload limit, for example).
 */
export async function seedChatImages(client: GodGptClient, pool: TokenPool, count: number, concurrency = 8): Promise<ChatImages> {
  const n = Math.max(1, Math.min(count, pool.size));
  const byIndex = new Map<number, string>();
  const errors = await boundedAll(n, concurrency, async (i) => {
    const user = pool.user(i);
    const name = await client.setup.data(client.api.uploadBlob(user.token, uploadImage(), 'perf.png', 'image/png'), blobNameSchema, 'chat image: blob upload');
    byIndex.set(user.index, name);
  });
  if (byIndex.size === 0 || errors.length > n * 0.05) {
    throw new SetupError(`chat image upload: uploaded ${byIndex.size} of ${n}; first error: ${(errors[0] as Error)?.message ?? 'none'}`, { cause: errors[0] });
  }
  return new ChatImages(new Map([...byIndex].sort(([a], [b]) => a - b)), pool);
}
