import type { Redis } from "ioredis";

export interface FragmentOptions {
  /** Values written before the deletions. */
  keys?: number;
  minSize?: number;
  maxSize?: number;
  /** Keep one key in every `keepEvery`. */
  keepEvery?: number;
  prefix?: string;
}

/**
 * Makes real allocator fragmentation: writes values of mixed sizes, then deletes most of them, leaving
 * jemalloc pages mostly empty but still resident. Sizes are deterministic so runs are comparable.
 */
export async function fragment(redis: Redis, options: FragmentOptions = {}): Promise<void> {
  const { keys = 200_000, minSize = 50, maxSize = 750, keepEvery = 10, prefix = "frag:" } = options;
  const batch = 5_000;
  const span = maxSize - minSize + 1;
  for (let start = 0; start < keys; start += batch) {
    const p = redis.pipeline();
    for (let i = start; i < Math.min(keys, start + batch); i++) {
      const size = minSize + ((i * 7919) % span);
      p.set(`${prefix}${i}`, "x".repeat(size));
    }
    await p.exec();
  }
  for (let start = 0; start < keys; start += batch) {
    const doomed: string[] = [];
    for (let i = start; i < Math.min(keys, start + batch); i++) if (i % keepEvery !== 0) doomed.push(`${prefix}${i}`);
    if (doomed.length) await redis.del(...doomed);
  }
}

/** Fills with values of one size until `bytes` of data are stored (for memory-pressure scenarios). */
export async function fill(redis: Redis, bytes: number, valueSize = 1000, prefix = "fill:"): Promise<void> {
  const count = Math.ceil(bytes / valueSize);
  const value = "v".repeat(valueSize);
  for (let start = 0; start < count; start += 5_000) {
    const p = redis.pipeline();
    for (let i = start; i < Math.min(count, start + 5_000); i++) p.set(`${prefix}${i}`, value);
    await p.exec();
  }
}
