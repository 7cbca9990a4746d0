import { isPeakRetained } from "../analysis/fragmentationCause.js";
import type { MemorySnapshot } from "../parsing/memory.js";
import type { Thresholds } from "../settings/thresholds.js";
import type { Finding } from "../vocabulary/types.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * MEMORY DOCTOR's four memory reports, at its own levels (ratio above 1.1 and over 10 MiB; peak above 1.5x).
 * Context for the decision on active defrag and MEMORY PURGE, never a status on their own.
 */
export const fragmentationParts: Rule = ({ memory: m }, t) => {
  const out: Finding[] = [];
  const part = (ratio: number | undefined, bytes: number | undefined) =>
    ratio !== undefined && bytes !== undefined && ratio > t.doctorPartRatio && bytes > t.doctorMinBytes;

  if (hasAllocatorFragmentation(m, t)) {
    out.push({
      code: "ALLOCATOR_FRAGMENTATION",
      severity: "INFO",
      metric: "allocator_frag_ratio",
      measured: m.allocatorFragRatio,
      threshold: t.doctorPartRatio,
      meaning: `Allocator fragmentation ${formatRatio(m.allocatorFragRatio)} (${formatBytes(m.allocatorFragBytes ?? 0)}): the part active defrag can reclaim.`,
      nextStep: "Active defrag compacts this; enable it if the overall ratio is high.",
    });
  }
  if (part(m.allocatorRssRatio, m.allocatorRssBytes)) {
    out.push({
      code: "ALLOCATOR_RSS_RETAINED",
      severity: "INFO",
      metric: "allocator_rss_ratio",
      measured: m.allocatorRssRatio,
      threshold: t.doctorPartRatio,
      meaning: `The allocator keeps ${formatBytes(m.allocatorRssBytes ?? 0)} of pages it does not use (ratio ${formatRatio(m.allocatorRssRatio)})${m.allocatorMuzzyBytes ? `, besides ${formatBytes(m.allocatorMuzzyBytes)} already released lazily (muzzy: the kernel takes those back under pressure)` : ""}; active defrag does not return them.`,
      nextStep: "MEMORY PURGE asks jemalloc to return these pages to the OS.",
    });
  }
  if (part(m.rssOverheadRatio, m.rssOverheadBytes)) {
    out.push({
      code: "RSS_OVERHEAD",
      severity: "INFO",
      metric: "rss_overhead_ratio",
      measured: m.rssOverheadRatio,
      threshold: t.doctorPartRatio,
      meaning: `${formatBytes(m.rssOverheadBytes ?? 0)} of RSS is outside the allocator (ratio ${formatRatio(m.rssOverheadRatio)}): Lua, modules or fork copy-on-write.`,
      nextStep: "Neither active defrag nor MEMORY PURGE helps; check for a running fork and the Lua script cache.",
    });
  }
  if (m.usedMemory >= t.emptyBelowBytes && isPeakRetained(m, t)) {
    out.push({
      code: "PEAK_RETAINED",
      severity: "INFO",
      metric: "used_memory_peak",
      measured: m.usedMemoryPeak,
      threshold: `${t.peakRatio}x used_memory`,
      meaning: `Peak use was ${formatBytes(m.usedMemoryPeak ?? 0)}${m.usedMemoryPeakAt ? ` at ${m.usedMemoryPeakAt}` : ""}, ${formatRatio((m.usedMemoryPeak ?? 0) / m.usedMemory)}x today's ${formatBytes(m.usedMemory)}: RSS held since then is not a leak.`,
      nextStep: "Harmless if data grows back; MEMORY PURGE or a restart in a quiet window reclaims it otherwise.",
    });
  }
  return out;
};

export function hasAllocatorFragmentation(m: MemorySnapshot, t: Thresholds): boolean {
  return (
    m.allocatorFragRatio !== undefined &&
    m.allocatorFragBytes !== undefined &&
    m.allocatorFragRatio > t.doctorPartRatio &&
    m.allocatorFragBytes > t.doctorMinBytes
  );
}
