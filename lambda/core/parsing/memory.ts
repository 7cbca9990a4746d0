import { infoNumber, infoString, invalidNumbers, type ParsedInfo } from "./info.js";

/** Every numeric INFO field the checks read: a value there that cannot be true is named, not believed. */
const NUMERIC_FIELDS = [
  "used_memory",
  "used_memory_rss",
  "used_memory_peak",
  "maxmemory",
  "mem_fragmentation_ratio",
  "mem_fragmentation_bytes",
  "allocator_allocated",
  "allocator_active",
  "allocator_resident",
  "allocator_muzzy",
  "allocator_frag_ratio",
  "allocator_frag_bytes",
  "allocator_rss_ratio",
  "allocator_rss_bytes",
  "rss_overhead_ratio",
  "rss_overhead_bytes",
  "total_system_memory",
  "active_defrag_running",
  "active_defrag_hits",
  "active_defrag_misses",
  "total_active_defrag_time",
  "evicted_keys",
  "loading_loaded_perc",
  "loading_eta_seconds",
  "current_fork_perc",
  "current_cow_size",
  "used_memory_peak_time",
  "allocator_allocated_lua",
] as const;

/**
 * How the server defines `allocator_frag_*`, which decides what active defrag can fix:
 * - `active`: jemalloc's active minus allocated bytes (Redis up to 7.2, Valkey 7.2);
 * - `smallbins`: only the slack in jemalloc's small bins, the part defrag moves (Redis 7.4 and later, Valkey
 *   8.0 and later; `src/object.c`, getMemoryOverheadData). Redis 7.4 also leaves Lua's memory out.
 * On any other allocator (libc, tcmalloc) the `allocator_*` fields are placeholders the server fakes from
 * RSS and used memory (`src/server.c`, cronUpdateMemoryStats): the snapshot leaves them out.
 */
export type AllocatorFragModel = "active" | "smallbins";

/** The memory facts the checks use, read from `INFO`. Fields a server does not report stay undefined. */
export interface MemorySnapshot {
  usedMemory: number;
  usedMemoryRss?: number;
  usedMemoryPeak?: number;
  /** When the peak was reached (Redis 8.2 and later: `used_memory_peak_time`), ISO time. */
  usedMemoryPeakAt?: string;
  maxmemory?: number;
  maxmemoryPolicy?: string;
  /** `mem_fragmentation_ratio`: RSS / used memory. */
  fragmentationRatio?: number;
  /** RSS minus used memory (`mem_fragmentation_bytes`, or computed where the server lacks it). */
  fragmentationBytes?: number;
  /** How this server counts allocator fragmentation; absent when the allocator reports nothing real. */
  allocatorFragModel?: AllocatorFragModel;
  /** Allocator fragmentation as the server defines it: the part active defrag can fix. */
  allocatorFragRatio?: number;
  allocatorFragBytes?: number;
  /** On `smallbins` servers: the rest of jemalloc's active-minus-allocated slack, which defrag does not move. */
  allocatorOtherSlackBytes?: number;
  /**
   * Valkey 8.1 or later linked with the system's jemalloc (Debian's and Ubuntu's valkey-server): without its
   * vendored jemalloc the server can neither measure small-bin slack (`allocator_frag_bytes` stays 0) nor
   * defrag. Then allocator fragmentation is left unknown and this is jemalloc's whole active-minus-allocated
   * slack, which nothing on this build measures apart or moves.
   */
  systemJemalloc?: { unmeasuredSlackBytes: number };
  /** jemalloc `resident / active`: pages the allocator keeps; MEMORY PURGE may return them. */
  allocatorRssRatio?: number;
  allocatorRssBytes?: number;
  /** Pages jemalloc has already released lazily (MADV_FREE); the kernel reclaims them under pressure. */
  allocatorMuzzyBytes?: number;
  /** process RSS / allocator resident: code, Lua, modules, fork copy-on-write. */
  rssOverheadRatio?: number;
  rssOverheadBytes?: number;
  totalSystemMemory?: number;
  allocator?: string;
  /** CPU percent active defrag uses right now (0 when idle). */
  activeDefragRunning?: number;
  activeDefragHits?: number;
  activeDefragMisses?: number;
  /** Milliseconds active defrag has been running since the server started (Redis 7.4+, Valkey 8+). */
  activeDefragTimeMs?: number;
  evictedKeys?: number;
  /** `valkey` when the server says so (`valkey_version`, `server_name`), else `redis`. */
  engine: "redis" | "valkey";
  /** The engine's own version: `valkey_version` for Valkey (which reports `redis_version:7.2.4`). */
  engineVersion?: string;
  redisVersion?: string;
  valkeyVersion?: string;
  role?: string;
  clusterEnabled?: boolean;
  /** Loading its dataset (after a restart or a full sync): memory figures are still moving. */
  loading?: { percent?: number; etaSeconds?: number };
  /** A child process exists: RSS includes its copy-on-write pages, and active defrag waits for it. */
  fork?: ForkInProgress;
  /** Numeric fields whose values cannot be true (`maxmemory:-1`), treated as absent: `field:value`. */
  invalidFields?: string[];
  /** The server process (`run_id`): another one after a restart or a failover. */
  runId?: string;
}

/** Why INFO cannot be judged at all: its used_memory is missing or not a byte count a server could report. */
export function unusableInfo(info: ParsedInfo): string | undefined {
  if (infoNumber(info, "used_memory") !== undefined) return undefined;
  return info.fields.used_memory === undefined
    ? "INFO has no used_memory field: not a Redis memory report"
    : `INFO's ${invalidNumbers(info, ["used_memory"])[0]} is not a byte count a server could report: nothing can be judged`;
}

export function memorySnapshot(info: ParsedInfo): MemorySnapshot | undefined {
  const num = (key: (typeof NUMERIC_FIELDS)[number]) => infoNumber(info, key);
  const usedMemory = num("used_memory");
  if (usedMemory === undefined) return undefined;
  const rss = num("used_memory_rss");
  const fragBytes = num("mem_fragmentation_bytes");
  const valkeyVersion = infoString(info, "valkey_version");
  const redisVersion = infoString(info, "redis_version");
  const engine = valkeyVersion !== undefined || infoString(info, "server_name") === "valkey" ? "valkey" : "redis";
  const engineVersion = engine === "valkey" ? valkeyVersion : redisVersion;
  const allocator = infoString(info, "mem_allocator");
  const peakTime = num("used_memory_peak_time");
  const snapshot: MemorySnapshot = {
    usedMemory,
    usedMemoryRss: rss,
    usedMemoryPeak: num("used_memory_peak"),
    usedMemoryPeakAt: peakTime ? new Date(peakTime * 1000).toISOString() : undefined,
    maxmemory: num("maxmemory"),
    maxmemoryPolicy: infoString(info, "maxmemory_policy"),
    // INFO prints ratios to two decimals; where the bytes behind them are reported, recompute exactly so a
    // decision at a threshold (1.4, 1.1) matches the one MEMORY DOCTOR makes from the same numbers.
    fragmentationRatio:
      ratio(rss, rss !== undefined && fragBytes !== undefined ? rss - fragBytes : undefined) ??
      num("mem_fragmentation_ratio") ??
      ratio(rss, usedMemory),
    fragmentationBytes: fragBytes ?? (rss !== undefined ? rss - usedMemory : undefined),
    ...(isJemallocName(allocator) ? allocatorFigures(num, rss, engine, engineVersion) : {}),
    totalSystemMemory: num("total_system_memory"),
    allocator,
    activeDefragRunning: num("active_defrag_running"),
    activeDefragHits: num("active_defrag_hits"),
    activeDefragMisses: num("active_defrag_misses"),
    activeDefragTimeMs: num("total_active_defrag_time"),
    evictedKeys: num("evicted_keys"),
    engine,
    engineVersion,
    redisVersion,
    valkeyVersion,
    role: infoString(info, "role"),
    clusterEnabled: info.fields.cluster_enabled === undefined ? undefined : info.fields.cluster_enabled === "1",
    loading:
      info.fields.loading === "1" || info.fields.async_loading === "1"
        ? { percent: num("loading_loaded_perc"), etaSeconds: num("loading_eta_seconds") }
        : undefined,
    fork: forkInProgress(info, num, engine, engineVersion),
    runId: infoString(info, "run_id"),
  };
  const invalid = invalidNumbers(info, NUMERIC_FIELDS);
  if (invalid.length) snapshot.invalidFields = invalid;
  return snapshot;
}

type Num = (key: (typeof NUMERIC_FIELDS)[number]) => number | undefined;

/** jemalloc's breakdown, read as this server version defines it (see AllocatorFragModel). */
function allocatorFigures(num: Num, rss: number | undefined, engine: MemorySnapshot["engine"], version: string | undefined) {
  const allocated = num("allocator_allocated");
  const active = num("allocator_active");
  const resident = num("allocator_resident");
  const model: AllocatorFragModel = atLeast(version, engine === "valkey" ? "8.0" : "7.4") ? "smallbins" : "active";
  const smallbins = num("allocator_frag_bytes");
  // Redis 7.4+ divides by what is allocated outside Lua's arena (`INFO debug`: allocator_allocated_lua).
  const denominator = allocated !== undefined ? allocated - (num("allocator_allocated_lua") ?? 0) : undefined;
  const slack = active !== undefined && allocated !== undefined ? active - allocated : undefined;
  if (
    engine === "valkey" &&
    atLeast(version, "8.1") &&
    smallbins === 0 &&
    slack !== undefined &&
    slack >= SYSTEM_JEMALLOC_SLACK
  ) {
    return {
      allocatorFragModel: model,
      systemJemalloc: { unmeasuredSlackBytes: slack },
      ...retainedFigures(num, rss, active, resident),
    };
  }
  const figures =
    model === "smallbins"
      ? {
          allocatorFragRatio:
            smallbins !== undefined && denominator && denominator > 0
              ? Number((1 + smallbins / denominator).toFixed(4))
              : num("allocator_frag_ratio"),
          allocatorFragBytes: smallbins,
          allocatorOtherSlackBytes:
            active !== undefined && allocated !== undefined && smallbins !== undefined
              ? Math.max(0, active - allocated - smallbins)
              : undefined,
        }
      : {
          allocatorFragRatio: ratio(active, allocated) ?? num("allocator_frag_ratio"),
          allocatorFragBytes: num("allocator_frag_bytes"),
        };
  return { allocatorFragModel: model, ...figures, ...retainedFigures(num, rss, active, resident) };
}

/**
 * A vendored-jemalloc server with data always has some small-bin slack; a system-jemalloc Valkey reports 0
 * however much there is. A megabyte of active-minus-allocated slack with none of it in small bins tells them
 * apart (below it, nothing is worth saying either way).
 */
const SYSTEM_JEMALLOC_SLACK = 1024 * 1024;

/** Pages jemalloc keeps (resident over active), and RSS outside it; never a negative size. */
function retainedFigures(num: Num, rss: number | undefined, active: number | undefined, resident: number | undefined) {
  return {
    allocatorRssRatio: ratio(resident, active) ?? num("allocator_rss_ratio"),
    allocatorRssBytes: nonNegative(num("allocator_rss_bytes")),
    allocatorMuzzyBytes: num("allocator_muzzy"),
    rssOverheadRatio: ratio(rss, resident) ?? num("rss_overhead_ratio"),
    // RSS is sampled apart from jemalloc's figures: a difference below zero means this part is nil.
    rssOverheadBytes: nonNegative(num("rss_overhead_bytes")),
  };
}

function nonNegative(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.max(0, n);
}

/**
 * The child each fork flag of INFO's persistence section announces; one child at a time (`serverFork`). Valkey
 * 9.0 and later fork for atomic slot migration (`CHILD_TYPE_SLOT_MIGRATION`, `slot_migration_fork_in_progress`).
 */
export const FORK_FLAGS = {
  rdb: "rdb_bgsave_in_progress",
  aof: "aof_rewrite_in_progress",
  module: "module_fork_in_progress",
  "slot-migration": "slot_migration_fork_in_progress",
} as const;

export type ForkKind = keyof typeof FORK_FLAGS;

export interface ForkInProgress {
  kind: ForkKind;
  percent?: number;
  cowBytes?: number;
  /**
   * Redis 8.4 and later in cluster mode: an atomic slot migration's snapshot is an RDB child too, and INFO
   * shows it as `rdb_bgsave_in_progress` with nothing to tell it from a BGSAVE (CLUSTER MIGRATION STATUS does).
   */
  maybeSlotMigration?: true;
}

function forkInProgress(info: ParsedInfo, num: Num, engine: MemorySnapshot["engine"], version: string | undefined) {
  const kind = (Object.keys(FORK_FLAGS) as ForkKind[]).find((k) => info.fields[FORK_FLAGS[k]] === "1");
  if (!kind) return undefined;
  const fork: ForkInProgress = { kind, percent: num("current_fork_perc"), cowBytes: num("current_cow_size") };
  if (kind === "rdb" && engine === "redis" && info.fields.cluster_enabled === "1" && atLeast(version, "8.4")) {
    fork.maybeSlotMigration = true;
  }
  return fork;
}

/** `7.4.1` against `7.4`: at least that major.minor. A pre-release counts as the release it precedes. */
export function atLeast(version: string | undefined, minimum: string): boolean {
  if (!version) return false;
  let [a = 0, b = 0, c = 0] = version.split(".").map(Number);
  // Release candidates carry the previous minor and a patch of 200 and up: 7.3.240 is Redis 7.4's first RC,
  // 7.9.224 Redis 8.0's first milestone, 7.9.240 Valkey 8.0's RCs (src/version.h of each tag).
  if (c >= 200) [a, b] = b >= 9 ? [a + 1, 0] : [a, b + 1];
  const [x = 0, y = 0] = minimum.split(".").map(Number);
  return a > x || (a === x && b >= y);
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? Number((a / b).toFixed(4)) : undefined;
}

/** used_memory as a percent of maxmemory; undefined when no limit is set. */
export function memoryUsedPercent(m: MemorySnapshot): number | undefined {
  if (!m.maxmemory) return undefined;
  return (m.usedMemory / m.maxmemory) * 100;
}

function isJemallocName(allocator: string | undefined): boolean {
  return (allocator ?? "").toLowerCase().startsWith("jemalloc");
}

export function isJemalloc(m: MemorySnapshot): boolean {
  return isJemallocName(m.allocator);
}

/** What the running child process is, in words. */
export function forkName(m: Pick<MemorySnapshot, "fork">): string {
  switch (m.fork?.kind) {
    case "aof":
      return "AOF rewrite";
    case "module":
      return "module fork";
    case "slot-migration":
      return "slot migration snapshot";
    default:
      return m.fork?.maybeSlotMigration ? "BGSAVE or slot migration snapshot" : "BGSAVE";
  }
}

/** `Valkey 8.1.1` or `Redis 7.0.15`: what people call the server. */
export function serverName(m: Pick<MemorySnapshot, "engine" | "engineVersion">): string {
  return `${m.engine === "valkey" ? "Valkey" : "Redis"}${m.engineVersion ? ` ${m.engineVersion}` : ""}`;
}
