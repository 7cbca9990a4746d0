import { memoryUsedPercent } from "../parsing/memory.js";
import { formatBytes, formatPercent } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** Policies under which a full Redis refuses writes (OOM errors) instead of evicting. */
export function refusesWritesWhenFull(policy: string | undefined): boolean {
  return policy === undefined || policy === "noeviction" || policy.startsWith("volatile-");
}

/**
 * used_memory against maxmemory (runbook: 80% WARNING). CRITICAL at 95% only where the policy makes a full
 * Redis refuse writes; an allkeys-* cache near its limit is evicting as designed, which stays a WARNING.
 */
export const maxmemoryPressure: Rule = ({ memory: m }, t) => {
  const pct = memoryUsedPercent(m);
  if (pct === undefined || pct < t.memoryWarningPercent) return [];
  const refuses = refusesWritesWhenFull(m.maxmemoryPolicy);
  const critical = refuses && pct >= t.memoryCriticalPercent;
  const policy = m.maxmemoryPolicy ?? "unknown";
  const consequence = refuses
    ? `with ${policy}, writes fail with OOM errors when it is full`
    : `with ${policy}, Redis evicts keys to stay under the limit${m.evictedKeys ? ` (${m.evictedKeys} evicted so far)` : ""}`;
  return [
    {
      code: "MAXMEMORY_PRESSURE",
      severity: critical ? "CRITICAL" : "WARNING",
      metric: "used_memory/maxmemory",
      measured: Number(pct.toFixed(1)),
      threshold: critical ? t.memoryCriticalPercent : t.memoryWarningPercent,
      meaning: `${formatBytes(m.usedMemory)} of ${formatBytes(m.maxmemory ?? 0)} maxmemory in use (${formatPercent(pct)}); ${consequence}.`,
      summary: `memory at ${formatPercent(pct)} of maxmemory (${policy})`,
      nextStep: refuses
        ? "Free or expire data, or raise maxmemory (the host must have room); for a cache, use allkeys-lru or allkeys-lfu."
        : "If hit rates suffer, raise maxmemory or scale out; evictions themselves are expected for a cache.",
    },
  ];
};

/** No maxmemory: Redis grows until the OS kills it or swaps. Advice, with a value to start from. */
export const maxmemoryUnset: Rule = ({ memory: m, configRefused }) => {
  if (m.maxmemory === undefined || m.maxmemory > 0) return [];
  const bytes = m.totalSystemMemory ? Math.floor(m.totalSystemMemory * 0.75) : undefined;
  const suggestion = m.totalSystemMemory
    ? `about ${formatBytes(bytes ?? 0)} (75% of the host's ${formatBytes(m.totalSystemMemory)})`
    : "about 75% of the host's memory";
  const how = configRefused
    ? "in the parameter group (on ElastiCache and MemoryDB, maxmemory follows the node type and reserved-memory-percent)"
    : `with CONFIG SET maxmemory ${bytes ?? "BYTES"}, and in redis.conf so a restart keeps it`;
  return [
    {
      code: "MAXMEMORY_UNSET",
      severity: "INFO",
      metric: "maxmemory",
      measured: 0,
      meaning: "No maxmemory limit: Redis grows until the host swaps or the OOM killer stops it.",
      nextStep: `Set maxmemory to ${suggestion}, leaving room for fork copy-on-write and fragmentation, ${how}. The checker does not change it.`,
      summary: "no maxmemory",
    },
  ];
};
