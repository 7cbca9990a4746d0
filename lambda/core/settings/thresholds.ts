import { MiB } from "../vocabulary/units.js";

/**
 * Every threshold the evaluator uses. Defaults follow the runbook and Redis's own figures; each can be
 * overridden per endpoint. Byte floors keep small instances from alerting on ratios that mean nothing.
 */
export interface Thresholds {
  /** Below this much `used_memory`, Redis's MEMORY DOCTOR calls the instance empty and checks nothing. */
  emptyBelowBytes: number;
  /** Runbook: `mem_fragmentation_ratio` above 2 is a warning… */
  fragmentationWarningRatio: number;
  /** …and above 4 a crisis. */
  fragmentationCriticalRatio: number;
  /**
   * A WARNING needs at least this much RSS over used memory. MEMORY DOCTOR's 10 MiB floor is within the
   * baseline of an empty Redis 7.0 (6.6 to 12 MiB of RSS over under 1 MiB of data, measured), so warnings
   * start at half of what active defrag acts on; doctor-level cases are still reported as context.
   */
  fragmentationWarningMinBytes: number;
  /** A CRITICAL needs at least this much: active defrag's default `active-defrag-ignore-bytes` (100 MB). */
  fragmentationCriticalMinBytes: number;
  /** MEMORY DOCTOR's "High total RSS" level, reported as context below the warning ratio. */
  doctorTotalRatio: number;
  /** MEMORY DOCTOR's level for the three parts (allocator frag, allocator RSS, process RSS). */
  doctorPartRatio: number;
  doctorMinBytes: number;
  /** `used_memory_peak` above this multiple of `used_memory` means the RSS is left over from a peak. */
  peakRatio: number;
  /** A ratio below this with real data means part of Redis is swapped out. */
  swapWarningRatio: number;
  swapCriticalRatio: number;
  /** Minimum used-minus-RSS bytes before a low ratio counts as swap. */
  swapMinBytes: number;
  /**
   * MEMORY PURGE only when jemalloc holds at least this much it does not use: well above MEMORY DOCTOR's
   * 10 MiB, so a server hovering near that level is not purged one run and skipped the next.
   */
  purgeMinBytes: number;
  /** `used_memory` as a percent of `maxmemory`. Runbook: 80%. */
  memoryWarningPercent: number;
  /** Only for policies that refuse writes when full (noeviction, volatile-*). */
  memoryCriticalPercent: number;
  /** MAXMEMORY_FORECAST: WARNING when the growth of the last day reaches the limit within this many hours… */
  forecastWarningHours: number;
  /** …and CRITICAL within this many (only where a full node refuses writes). */
  forecastCriticalHours: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  emptyBelowBytes: 5 * MiB,
  fragmentationWarningRatio: 2,
  fragmentationCriticalRatio: 4,
  fragmentationWarningMinBytes: 50 * MiB,
  fragmentationCriticalMinBytes: 100 * MiB,
  doctorTotalRatio: 1.4,
  doctorPartRatio: 1.1,
  doctorMinBytes: 10 * MiB,
  peakRatio: 1.5,
  swapWarningRatio: 1,
  swapCriticalRatio: 0.8,
  swapMinBytes: 10 * MiB,
  purgeMinBytes: 32 * MiB,
  memoryWarningPercent: 80,
  memoryCriticalPercent: 95,
  forecastWarningHours: 6,
  forecastCriticalHours: 1,
});

export function resolveThresholds(...overrides: Array<Partial<Thresholds> | undefined>): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const o of overrides) {
    if (!o) continue;
    for (const [k, v] of Object.entries(o)) {
      if (v !== undefined) (out as unknown as Record<string, number>)[k] = v;
    }
  }
  return out;
}
