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
  "evicted_keys",
] as const;

/**
 * The memory facts the checks use, read from `INFO`. Fields a server does not report stay undefined
 * (Redis 5 lacks `mem_fragmentation_bytes`, libc builds lack the `allocator_*` family, and so on).
 */
export interface MemorySnapshot {
  usedMemory: number;
  usedMemoryRss?: number;
  usedMemoryPeak?: number;
  maxmemory?: number;
  maxmemoryPolicy?: string;
  /** `mem_fragmentation_ratio`: RSS / used memory. */
  fragmentationRatio?: number;
  /** RSS minus used memory (`mem_fragmentation_bytes`, or computed where the server lacks it). */
  fragmentationBytes?: number;
  /** jemalloc `active / allocated`: the only part active defrag can fix. */
  allocatorFragRatio?: number;
  allocatorFragBytes?: number;
  /** jemalloc `resident / active`: pages the allocator keeps; MEMORY PURGE may return them. */
  allocatorRssRatio?: number;
  allocatorRssBytes?: number;
  /** process RSS / allocator resident: code, Lua, modules, fork copy-on-write. */
  rssOverheadRatio?: number;
  rssOverheadBytes?: number;
  totalSystemMemory?: number;
  allocator?: string;
  /** CPU percent active defrag uses right now (0 when idle). */
  activeDefragRunning?: number;
  activeDefragHits?: number;
  activeDefragMisses?: number;
  evictedKeys?: number;
  redisVersion?: string;
  /** `valkey_version` when the server is Valkey. */
  valkeyVersion?: string;
  role?: string;
  clusterEnabled?: boolean;
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
  const usedMemory = infoNumber(info, "used_memory");
  if (usedMemory === undefined) return undefined;
  const rss = infoNumber(info, "used_memory_rss");
  const maxmemory = infoNumber(info, "maxmemory");
  const fragBytes = infoNumber(info, "mem_fragmentation_bytes");
  const allocated = infoNumber(info, "allocator_allocated");
  const active = infoNumber(info, "allocator_active");
  const resident = infoNumber(info, "allocator_resident");
  const snapshot: MemorySnapshot = {
    usedMemory,
    usedMemoryRss: rss,
    usedMemoryPeak: infoNumber(info, "used_memory_peak"),
    maxmemory,
    maxmemoryPolicy: infoString(info, "maxmemory_policy"),
    // INFO prints ratios to two decimals; where the bytes behind them are reported, recompute exactly so a
    // decision at a threshold (1.4, 1.1) matches the one MEMORY DOCTOR makes from the same numbers.
    fragmentationRatio:
      ratio(rss, rss !== undefined && fragBytes !== undefined ? rss - fragBytes : undefined) ??
      infoNumber(info, "mem_fragmentation_ratio") ??
      ratio(rss, usedMemory),
    fragmentationBytes: fragBytes ?? (rss !== undefined ? rss - usedMemory : undefined),
    allocatorFragRatio: ratio(active, allocated) ?? infoNumber(info, "allocator_frag_ratio"),
    allocatorFragBytes: infoNumber(info, "allocator_frag_bytes"),
    allocatorRssRatio: ratio(resident, active) ?? infoNumber(info, "allocator_rss_ratio"),
    allocatorRssBytes: infoNumber(info, "allocator_rss_bytes"),
    rssOverheadRatio: ratio(rss, resident) ?? infoNumber(info, "rss_overhead_ratio"),
    rssOverheadBytes: infoNumber(info, "rss_overhead_bytes"),
    totalSystemMemory: infoNumber(info, "total_system_memory"),
    allocator: infoString(info, "mem_allocator"),
    activeDefragRunning: infoNumber(info, "active_defrag_running"),
    activeDefragHits: infoNumber(info, "active_defrag_hits"),
    activeDefragMisses: infoNumber(info, "active_defrag_misses"),
    evictedKeys: infoNumber(info, "evicted_keys"),
    redisVersion: infoString(info, "redis_version"),
    valkeyVersion: infoString(info, "valkey_version"),
    role: infoString(info, "role"),
    clusterEnabled: info.fields.cluster_enabled === undefined ? undefined : info.fields.cluster_enabled === "1",
  };
  const invalid = invalidNumbers(info, NUMERIC_FIELDS);
  if (invalid.length) snapshot.invalidFields = invalid;
  return snapshot;
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? Number((a / b).toFixed(4)) : undefined;
}

/** used_memory as a percent of maxmemory; undefined when no limit is set. */
export function memoryUsedPercent(m: MemorySnapshot): number | undefined {
  if (!m.maxmemory) return undefined;
  return (m.usedMemory / m.maxmemory) * 100;
}

export function isJemalloc(m: MemorySnapshot): boolean {
  return (m.allocator ?? "").toLowerCase().startsWith("jemalloc");
}
