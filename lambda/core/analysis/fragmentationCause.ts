import { isJemalloc, type MemorySnapshot } from "../parsing/memory.js";
import type { Thresholds } from "../settings/thresholds.js";
import { formatBytes } from "../vocabulary/units.js";

/** Where the RSS beyond used memory lives. Only the allocator fragmentation part is what active defrag fixes. */
export type FragmentationCause =
  | "allocator-fragmentation"
  | "allocator-slack"
  | "unmeasured-slack"
  | "allocator-retained"
  | "process-overhead"
  | "libc"
  | "unknown";

export interface CauseBreakdown {
  cause: FragmentationCause;
  allocatorFragBytes?: number;
  allocatorOtherSlackBytes?: number;
  /** A system-jemalloc Valkey's active-minus-allocated slack, which it cannot split or move. */
  unmeasuredSlackBytes?: number;
  allocatorRssBytes?: number;
  rssOverheadBytes?: number;
  peakExplains: boolean;
  /** A BGSAVE or AOF rewrite is running: its copy-on-write pages are in the process overhead. */
  forkRunning: boolean;
}

export function isPeakRetained(m: MemorySnapshot, t: Thresholds): boolean {
  return m.usedMemoryPeak !== undefined && m.usedMemory > 0 && m.usedMemoryPeak / m.usedMemory > t.peakRatio;
}

/**
 * The largest part jemalloc reports decides. On libc (or any allocator that reports nothing real) the
 * answer is the allocator itself; on an old jemalloc server without the breakdown it is unknown.
 */
export function fragmentationCause(m: MemorySnapshot, t: Thresholds): CauseBreakdown {
  const parts: Array<[FragmentationCause, number | undefined]> = [
    ["allocator-fragmentation", m.allocatorFragBytes],
    ["allocator-slack", m.allocatorOtherSlackBytes],
    ["unmeasured-slack", m.systemJemalloc?.unmeasuredSlackBytes],
    ["allocator-retained", m.allocatorRssBytes],
    ["process-overhead", m.rssOverheadBytes],
  ];
  const known = parts.filter((p): p is [FragmentationCause, number] => p[1] !== undefined);
  const cause: FragmentationCause =
    m.allocator && !isJemalloc(m) ? "libc" : known.length === 0 ? "unknown" : known.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return {
    cause,
    allocatorFragBytes: m.allocatorFragBytes,
    allocatorOtherSlackBytes: m.allocatorOtherSlackBytes,
    unmeasuredSlackBytes: m.systemJemalloc?.unmeasuredSlackBytes,
    allocatorRssBytes: m.allocatorRssBytes,
    rssOverheadBytes: m.rssOverheadBytes,
    peakExplains: isPeakRetained(m, t),
    forkRunning: m.fork !== undefined,
  };
}

/**
 * Meaning and next step for the dominant part. A peak is context, not a cause of its own: memory kept since
 * a peak still sits in one of the parts, and the part decides what helps.
 */
export function describeCause(b: CauseBreakdown, allocator?: string): { meaning: string; nextStep: string } {
  const parts = [
    b.allocatorFragBytes !== undefined ? `allocator fragmentation ${formatBytes(b.allocatorFragBytes)}` : undefined,
    b.allocatorOtherSlackBytes !== undefined ? `other allocator slack ${size(b.allocatorOtherSlackBytes)}` : undefined,
    b.unmeasuredSlackBytes !== undefined ? `allocator slack ${size(b.unmeasuredSlackBytes)}` : undefined,
    b.allocatorRssBytes !== undefined ? `allocator-retained ${size(b.allocatorRssBytes)}` : undefined,
    b.rssOverheadBytes !== undefined ? `process overhead ${size(b.rssOverheadBytes)}` : undefined,
  ].filter(Boolean);
  const split = parts.length ? ` (${parts.join(", ")})` : "";
  const peak = b.peakExplains ? " Left over from an earlier peak of usage: not a leak, and reused if data grows back." : "";
  const fork =
    b.forkRunning && b.cause === "process-overhead" ? " A fork is running now: its copy-on-write pages are counted here." : "";
  const { meaning, nextStep } = b.cause === "libc" ? libc(allocator ?? "libc") : CAUSES[b.cause];
  return { meaning: `${meaning}${split}.${fork}${peak}`, nextStep };
}

/** A part's size; a part at or below zero is nil (RSS and jemalloc's figures are sampled apart). */
function size(bytes: number): string {
  return bytes > 0 ? formatBytes(bytes) : "none";
}

function libc(allocator: string): { meaning: string; nextStep: string } {
  return {
    meaning: `Memory freed inside ${allocator} malloc, which keeps it rather than returning it to the OS; active defrag and MEMORY PURGE need jemalloc and cannot reclaim it`,
    nextStep:
      "Fail over or restart in a quiet window to reclaim it; run a jemalloc build (the default of Redis's and Valkey's own builds) to get active defrag.",
  };
}

const CAUSES: Record<Exclude<FragmentationCause, "libc">, { meaning: string; nextStep: string }> = {
  "allocator-fragmentation": {
    meaning: "Mostly allocator fragmentation, half-empty pages that active defrag can compact",
    nextStep:
      "Enable active defrag (CONFIG SET activedefrag yes, or activedefrag in the parameter group on ElastiCache/MemoryDB) and watch the ratio fall.",
  },
  "allocator-slack": {
    meaning:
      "Mostly allocator slack outside jemalloc's small bins (partly used pages of large values), which this server does not count as allocator fragmentation and active defrag does not move",
    nextStep: "A failover or restart in a quiet window reclaims it; MEMORY PURGE and active defrag do not.",
  },
  "unmeasured-slack": {
    meaning:
      "Mostly allocator slack this build can neither measure apart nor move: Valkey linked with the system jemalloc (as Debian's and Ubuntu's valkey-server packages are) reports no small-bin fragmentation and has no active defrag",
    nextStep:
      "A failover or restart in a quiet window reclaims it; Valkey built with its own (vendored) jemalloc measures this slack and runs active defrag on it.",
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
    meaning: "The server does not say where it lives (a server older than Redis 4.0 reports no allocator breakdown)",
    nextStep: "A failover or restart reclaims it; upgrade to see the breakdown and use active defrag.",
  },
};
