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
  fork?: { kind: "rdb" | "aof" | "module"; percent?: number; cowBytes?: number };
  /** Numeric fields whose values cannot be true (`maxmemory:-1`), treated as absent: `field:value`. */
  invalidFields?: string[];
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
    fork: forkInProgress(info, num),
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
  return {
    allocatorFragModel: model,
    ...figures,
    allocatorRssRatio: ratio(resident, active) ?? num("allocator_rss_ratio"),
    allocatorRssBytes: num("allocator_rss_bytes"),
    allocatorMuzzyBytes: num("allocator_muzzy"),
    rssOverheadRatio: ratio(rss, resident) ?? num("rss_overhead_ratio"),
    rssOverheadBytes: num("rss_overhead_bytes"),
  };
}

function forkInProgress(info: ParsedInfo, num: Num): MemorySnapshot["fork"] {
  const kind =
    info.fields.rdb_bgsave_in_progress === "1"
      ? "rdb"
      : info.fields.aof_rewrite_in_progress === "1"
        ? "aof"
        : info.fields.module_fork_in_progress === "1"
          ? "module"
          : undefined;
  return kind ? { kind, percent: num("current_fork_perc"), cowBytes: num("current_cow_size") } : undefined;
}

/** `7.4.1` against `7.4`: at least that major.minor. */
export function atLeast(version: string | undefined, minimum: string): boolean {
  if (!version) return false;
  const [a = 0, b = 0] = version.split(".").map(Number);
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
  return m.fork?.kind === "aof" ? "AOF rewrite" : m.fork?.kind === "module" ? "module fork" : "BGSAVE";
}

/** `Valkey 8.1.1` or `Redis 7.0.15`: what people call the server. */
export function serverName(m: Pick<MemorySnapshot, "engine" | "engineVersion">): string {
  return `${m.engine === "valkey" ? "Valkey" : "Redis"}${m.engineVersion ? ` ${m.engineVersion}` : ""}`;
}
