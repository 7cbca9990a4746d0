/**
 * Captures real INFO and MEMORY DOCTOR output from real servers in each scenario the unit tests use.
 * Run: npx tsx scripts/capture-fixtures.ts   (needs scripts/install-redis.sh first)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { defragRedisServer } from "../test/support/binaries.js";
import { fill, fragment } from "../test/support/fragment.js";
import { RedisServer } from "../test/support/redisServer.js";

const OUT = join(import.meta.dirname, "..", "test", "fixtures");

interface Scenario {
  name: string;
  binary?: () => string;
  config?: string[];
  prepare?: (r: Redis) => Promise<void>;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SCENARIOS: Scenario[] = [
  { name: "empty-7.0" },
  { name: "healthy-7.0", prepare: (r) => fill(r, 40 * 1024 * 1024, 512) },
  { name: "fragmented-debian-7.0", prepare: (r) => fragment(r, { keys: 200_000 }) },
  { name: "fragmented-jemalloc-7.0", binary: defragRedisServer, prepare: (r) => fragment(r, { keys: 350_000 }) },
  {
    name: "maxmemory-noeviction-7.0",
    config: ["maxmemory 64mb", "maxmemory-policy noeviction"],
    prepare: async (r) => {
      await fill(r, 62 * 1024 * 1024, 1000).catch(() => undefined);
    },
  },
  {
    name: "maxmemory-allkeys-lru-7.0",
    config: ["maxmemory 64mb", "maxmemory-policy allkeys-lru"],
    prepare: (r) => fill(r, 90 * 1024 * 1024, 1000),
  },
  {
    name: "peak-large-values-7.0",
    binary: defragRedisServer,
    prepare: async (r) => {
      await fill(r, 200 * 1024 * 1024, 64 * 1024, "big:");
      await fill(r, 12 * 1024 * 1024, 256, "small:");
      const keys = await r.keys("big:*");
      for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
    },
  },
];

for (const s of SCENARIOS) {
  const server = await RedisServer.start({ binary: s.binary?.(), config: s.config });
  const r = server.client();
  try {
    await s.prepare?.(r);
    await settle(1500); // serverCron refreshes RSS and allocator stats every 100 ms; give it several runs.
    const info = await r.info("everything");
    const doctor = (await r.call("MEMORY", "DOCTOR")) as string;
    writeFileSync(join(OUT, `${s.name}.info`), info);
    writeFileSync(join(OUT, `${s.name}.doctor.txt`), doctor);
    console.log(`${s.name}: ${info.match(/mem_fragmentation_ratio:.*/)?.[0]} ${info.match(/used_memory:.*/)?.[0]}`);
  } finally {
    r.disconnect();
    await server.stop();
  }
}
