/**
 * Captures real INFO and MEMORY DOCTOR output from real servers in each scenario the unit tests use.
 * Run: npx tsx scripts/capture-fixtures.ts [--only NAME-PREFIX] [--builds SUFFIX,…]   (needs scripts/install-redis.sh first)
 * `--builds redis-8.6-jemalloc,valkey-9.1-system-jemalloc` captures only those builds' scenarios.
 *
 * Redis 7.0 (Debian's package and the defrag-capable build) has the original set; every other build
 * (Redis 8.0 and Valkey 8.1, jemalloc and libc) gets empty, healthy, fragmented and peak-retained
 * captures named `SCENARIO-ENGINE-MAJOR.MINOR-ALLOCATOR`.
 */

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { defragRedisServer, type ServerBuild, serverBuilds } from "./lib/binaries.js";
import { fill, fragment } from "./lib/fragment.js";
import { RedisServer } from "./lib/redisServer.js";

const OUT = join(import.meta.dirname, "..", "test", "fixtures");
const { values } = parseArgs({ options: { only: { type: "string" }, builds: { type: "string" } } });
const onlyBuilds = values.builds?.split(",");

interface Scenario {
  name: string;
  binary?: () => string;
  config?: string[];
  prepare?: (r: Redis) => Promise<void>;
  /** Capture as soon as INFO shows this (a fork, a load): such states last a second or two. */
  when?: RegExp;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 200 MB of 64 KiB values, 12 MB of small ones, then the large ones deleted: pages kept since a peak. */
async function peak(r: Redis): Promise<void> {
  await fill(r, 200 * 1024 * 1024, 64 * 1024, "big:");
  await fill(r, 12 * 1024 * 1024, 256, "small:");
  const keys = await r.keys("big:*");
  for (let i = 0; i < keys.length; i += 500) await r.del(...keys.slice(i, i + 500));
}

const REDIS_7_0: Scenario[] = [
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
  { name: "peak-large-values-7.0", binary: defragRedisServer, prepare: peak },
];

/** The same four states on every newer build. */
function perBuild(b: ServerBuild): Scenario[] {
  const suffix = buildSuffix(b);
  return [
    { name: `empty-${suffix}`, binary: () => b.binary },
    { name: `healthy-${suffix}`, binary: () => b.binary, prepare: (r) => fill(r, 40 * 1024 * 1024, 512) },
    { name: `fragmented-${suffix}`, binary: () => b.binary, prepare: (r) => fragment(r, { keys: 350_000 }) },
    { name: `peak-${suffix}`, binary: () => b.binary, prepare: peak },
  ];
}

/** `valkey-9.1-jemalloc`, `valkey-9.1-system-jemalloc` (linked with the system's jemalloc, as Debian ships it). */
function buildSuffix(b: ServerBuild): string {
  return `${b.engine}-${b.version.split(".").slice(0, 2).join(".")}-${b.jemalloc === "system" ? "system-jemalloc" : b.allocator}`;
}

/**
 * A fork in progress: a fragmented server saving while it is written to, so copy-on-write pages count in
 * its RSS. Captured while INFO says `rdb_bgsave_in_progress:1`.
 */
function forking(b: ServerBuild): Scenario {
  return {
    name: `fork-${b.engine}-${b.version.split(".").slice(0, 2).join(".")}-${b.allocator}`,
    binary: () => b.binary,
    config: ["rdbcompression no"],
    prepare: async (r) => {
      await fragment(r, { keys: 350_000 });
      await fill(r, 300 * 1024 * 1024, 1000, "cow:");
      await r.bgsave();
      // Overwrite values while the child writes the snapshot: each touched page is copied.
      await fill(r, 60 * 1024 * 1024, 1000, "cow:");
    },
    when: /rdb_bgsave_in_progress:1/,
  };
}

/**
 * Loading: a server restarted on a 1 GiB snapshot answers INFO while it loads it (`loading:1`). MEMORY
 * DOCTOR answers `-LOADING` then, which is what its capture holds.
 */
async function captureLoading(b: ServerBuild): Promise<void> {
  const name = `loading-${b.engine}-${b.version.split(".").slice(0, 2).join(".")}-${b.allocator}`;
  const server = await RedisServer.start({ binary: b.binary, config: ["rdbcompression no"] });
  const writer = server.client();
  await fill(writer, 1024 * 1024 * 1024, 4096, "load:");
  await writer.call("SAVE");
  writer.disconnect();
  await server.kill();
  const proc = spawn(b.binary, [join(server.dir, "redis.conf")], { stdio: "ignore" });
  const r = new Redis({
    port: server.port,
    lazyConnect: true,
    enableReadyCheck: false,
    retryStrategy: () => 20,
    maxRetriesPerRequest: 50,
  });
  try {
    let info = "";
    for (let i = 0; i < 500 && !/loading:1/.test(info); i++) info = await r.info("everything").catch(() => "");
    const debug = await r.info("debug").catch(() => "");
    const doctor = await r.call("MEMORY", "DOCTOR").then(String, (e: Error) => `-${e.message}`);
    writeFileSync(join(OUT, `${name}.info`), `${info}\r\n${debug}`);
    writeFileSync(join(OUT, `${name}.doctor.txt`), doctor);
    console.log(`${name}: ${info.match(/loading_loaded_perc:.*/)?.[0]} ${info.match(/loading_eta_seconds:.*/)?.[0]}`);
  } finally {
    r.disconnect();
    proc.kill("SIGKILL");
    await server.stop();
  }
}

const newer = serverBuilds().filter((b) => !b.version.startsWith("7.0") && (!onlyBuilds || onlyBuilds.includes(buildSuffix(b))));
const forkBuild = newer.find((b) => b.engine === "redis" && b.allocator === "jemalloc");
const scenarios = [
  ...(onlyBuilds ? [] : REDIS_7_0),
  ...newer.flatMap(perBuild),
  ...(forkBuild && !onlyBuilds ? [forking(forkBuild)] : []),
];
for (const s of scenarios.filter((x) => !values.only || x.name.startsWith(values.only))) {
  const server = await RedisServer.start({ binary: s.binary?.(), config: s.config });
  const r = server.client();
  try {
    await s.prepare?.(r);
    if (s.when) {
      for (let i = 0; i < 200 && !s.when.test(await r.info("persistence")); i++) await settle(20);
    } else await settle(1500); // serverCron refreshes RSS and allocator stats every 100 ms; give it several runs.
    // What the checker reads: every section, and `INFO debug` (Lua's share of the allocator on Redis 7.4+).
    const info = `${await r.info("everything")}\r\n${await r.info("debug")}`;
    const doctor = (await r.call("MEMORY", "DOCTOR")) as string;
    writeFileSync(join(OUT, `${s.name}.info`), info);
    writeFileSync(join(OUT, `${s.name}.doctor.txt`), doctor);
    console.log(
      `${s.name}: ${info.match(/mem_fragmentation_ratio:.*/)?.[0]} ${info.match(/allocator_frag_ratio:.*/)?.[0]} ${info.match(/used_memory:.*/)?.[0]}`,
    );
  } finally {
    r.disconnect();
    await server.stop();
  }
}

if (forkBuild && !onlyBuilds && (!values.only || "loading-".startsWith(values.only) || values.only.startsWith("loading-")))
  await captureLoading(forkBuild);
