import { refusesWritesWhenFull } from "../analysis/levels.js";
import { memoryUsedPercent } from "../parsing/memory.js";
import { formatBytes, formatPercent } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

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
