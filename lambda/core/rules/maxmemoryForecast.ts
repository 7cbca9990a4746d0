import { refusesWritesWhenFull } from "../analysis/levels.js";
import { forecastLimit } from "../forecast/growth.js";
import type { Severity } from "../vocabulary/types.js";
import { formatBytes, formatDuration } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * Ahead of MAXMEMORY_PRESSURE: used memory growing toward its limit (maxmemory, else the host's memory) at
 * the rate of the current series (since the last restart, failover or flush), fitted robustly. WARNING
 * within forecastWarningHours, CRITICAL within forecastCriticalHours, where a full node refuses writes; a
 * cache that evicts by design is told as information.
 */
export const maxmemoryForecast: Rule = ({ memory: m, history }, t) => {
  const f = history && forecastLimit(history);
  if (!f || f.hoursToLimit > t.forecastWarningHours) return [];
  const limitName = m.maxmemory ? "maxmemory" : "the host's memory (no maxmemory)";
  const refuses = !m.maxmemory || refusesWritesWhenFull(m.maxmemoryPolicy);
  const severity: Severity = !refuses ? "INFO" : f.hoursToLimit <= t.forecastCriticalHours ? "CRITICAL" : "WARNING";
  const when = formatDuration(f.hoursToLimit * 3_600_000);
  const fit = `${f.confidence} confidence: ${f.samples} samples over ${formatDuration(f.spanHours * 3_600_000)}`;
  const consequence = !m.maxmemory
    ? "the host then swaps or the OOM killer stops Redis"
    : refuses
      ? `writes then fail with OOM errors (maxmemory-policy ${m.maxmemoryPolicy ?? "noeviction"})`
      : `${m.maxmemoryPolicy} then evicts keys, by design`;
  return [
    {
      code: "MAXMEMORY_FORECAST",
      severity,
      metric: "used_memory",
      measured: Math.round(f.bytesPerHour),
      threshold: `${limitName} within ${severity === "CRITICAL" ? t.forecastCriticalHours : t.forecastWarningHours} h`,
      meaning: `Used memory grows ${formatBytes(f.bytesPerHour)} an hour (${fit}); at that rate it reaches ${limitName}, ${formatBytes(f.limit)}, in about ${when}: ${consequence}.`,
      nextStep: refuses
        ? "Find what grows (keys without TTL, a queue not drained, MEMORY USAGE on the largest keys) before it is full; raise maxmemory or scale out if the growth is expected."
        : "Expected for a cache that evicts; if evictions hurt the hit rate, raise maxmemory or scale out.",
      summary: `full in about ${when} at ${formatBytes(f.bytesPerHour)}/h`,
    },
  ];
};
