import type { MemorySnapshot } from "../parsing/memory.js";

/**
 * A node's recent memory, one sample per check, kept between runs (the state table, or the CLI's
 * `--history` file) for forecasts. Bounded in count and age so a state item stays small: 24 samples within
 * 24 hours is ~1.5 KiB.
 */
export interface Sample {
  /** Unix seconds. */
  t: number;
  /** used_memory, bytes. */
  used: number;
  /** The limit the node grows toward: maxmemory, else the host's memory. */
  limit?: number;
  /** mem_fragmentation_ratio. */
  frag?: number;
  /** The server process (run_id): a restart or a failover to another process starts a new series. */
  run?: string;
}

export const HISTORY_MAX_SAMPLES = 24;
export const HISTORY_MAX_AGE_S = 24 * 3600;

/** The sample a reading makes. */
export function sampleOf(m: MemorySnapshot, at: Date): Sample {
  const limit = m.maxmemory && m.maxmemory > 0 ? m.maxmemory : m.totalSystemMemory;
  return {
    t: Math.round(at.getTime() / 1000),
    used: m.usedMemory,
    ...(limit ? { limit } : {}),
    ...(m.fragmentationRatio !== undefined ? { frag: Number(m.fragmentationRatio.toFixed(3)) } : {}),
    ...(m.runId ? { run: m.runId.slice(0, 12) } : {}),
  };
}

/** The history with this sample added, oldest dropped past the count and the age. */
export function appendSample(history: readonly Sample[] | undefined, sample: Sample): Sample[] {
  const kept = (history ?? []).filter((s) => s.t < sample.t && sample.t - s.t <= HISTORY_MAX_AGE_S);
  return [...kept, sample].slice(-HISTORY_MAX_SAMPLES);
}

/**
 * The samples since the last reset: a different server process (restart, failover), or used memory falling
 * to under half of the sample before (FLUSHALL, a big delete): growth before it says nothing about after.
 */
export function currentSeries(history: readonly Sample[]): Sample[] {
  let start = 0;
  for (let i = 1; i < history.length; i++) {
    const [a, b] = [history[i - 1] as Sample, history[i] as Sample];
    if ((a.run && b.run && a.run !== b.run) || b.used < a.used / 2) start = i;
  }
  return history.slice(start);
}
