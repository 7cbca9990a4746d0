import type { MemorySnapshot } from "../memory.js";
import type { Thresholds } from "../thresholds.js";
import { formatBytes } from "../units.js";

/** Where the RSS beyond used memory lives. Only the allocator part is what active defrag fixes. */
export type FragmentationCause = "allocator-fragmentation" | "allocator-retained" | "process-overhead" | "unknown";

export interface CauseBreakdown {
  cause: FragmentationCause;
  allocatorFragBytes?: number;
  allocatorRssBytes?: number;
  rssOverheadBytes?: number;
  peakExplains: boolean;
}

export function isPeakRetained(m: MemorySnapshot, t: Thresholds): boolean {
  return m.usedMemoryPeak !== undefined && m.usedMemory > 0 && m.usedMemoryPeak / m.usedMemory > t.peakRatio;
}

/** The largest of the three parts jemalloc reports decides; without them (libc, old servers) it is unknown. */
export function fragmentationCause(m: MemorySnapshot, t: Thresholds): CauseBreakdown {
  const parts: Array<[FragmentationCause, number | undefined]> = [
    ["allocator-fragmentation", m.allocatorFragBytes],
    ["allocator-retained", m.allocatorRssBytes],
    ["process-overhead", m.rssOverheadBytes],
  ];
  const known = parts.filter((p): p is [FragmentationCause, number] => p[1] !== undefined);
  const peakExplains = isPeakRetained(m, t);
  const cause: FragmentationCause = known.length === 0 ? "unknown" : known.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return {
    cause,
    allocatorFragBytes: m.allocatorFragBytes,
    allocatorRssBytes: m.allocatorRssBytes,
    rssOverheadBytes: m.rssOverheadBytes,
    peakExplains,
  };
}

/**
 * Meaning and next step for the dominant part. A peak is context, not a cause of its own: memory kept since
 * a peak still sits in one of the three parts, and the part decides what helps.
 */
export function describeCause(b: CauseBreakdown): { meaning: string; nextStep: string } {
  const parts = [
    b.allocatorFragBytes !== undefined ? `allocator fragmentation ${formatBytes(b.allocatorFragBytes)}` : undefined,
    b.allocatorRssBytes !== undefined ? `allocator-retained ${formatBytes(b.allocatorRssBytes)}` : undefined,
    b.rssOverheadBytes !== undefined ? `process overhead ${formatBytes(b.rssOverheadBytes)}` : undefined,
  ].filter(Boolean);
  const split = parts.length ? ` (${parts.join(", ")})` : "";
  const peak = b.peakExplains ? " Left over from an earlier peak of usage: not a leak, and reused if data grows back." : "";
  const { meaning, nextStep } = CAUSES[b.cause];
  return { meaning: `${meaning}${split}.${peak}`, nextStep };
}

const CAUSES: Record<FragmentationCause, { meaning: string; nextStep: string }> = {
  "allocator-fragmentation": {
    meaning: "Mostly allocator fragmentation, half-empty pages that active defrag can compact",
    nextStep:
      "Enable active defrag (CONFIG SET activedefrag yes, or activedefrag in the parameter group on ElastiCache/MemoryDB) and watch the ratio fall.",
  },
  "allocator-retained": {
    meaning: "Mostly pages the allocator keeps but does not use; active defrag will not help",
    nextStep: "Run MEMORY PURGE to return them to the OS; if RSS stays high, fail over or restart in a quiet window.",
  },
  "process-overhead": {
    meaning: "Mostly RSS outside the allocator (Lua, modules or a fork's copy-on-write), not fragmentation",
    nextStep:
      "Check for a running BGSAVE/AOF rewrite, a large Lua script cache or modules; neither defrag nor MEMORY PURGE reclaims this.",
  },
  unknown: {
    meaning: "The allocator does not say where it lives (not jemalloc, or an old server), so active defrag is not available",
    nextStep: "A failover or restart reclaims it; run Redis with jemalloc to get active defrag.",
  },
};
