import type { MemorySnapshot } from "../parsing/memory.js";
import type { Thresholds } from "../settings/thresholds.js";

/**
 * Which of the three fragmentation findings a ratio earns: the runbook's alert levels (`high`, with enough
 * bytes behind it), MEMORY DOCTOR's "High total RSS" below them (`moderate`), or a high ratio on a few MiB
 * (`small`). Exactly one rule reports each level.
 */
export function fragmentationLevel(m: MemorySnapshot, t: Thresholds): "high" | "moderate" | "small" | undefined {
  const ratio = m.fragmentationRatio;
  const bytes = m.fragmentationBytes;
  if (ratio === undefined || bytes === undefined || ratio < 1) return undefined;
  if (ratio > t.fragmentationWarningRatio && bytes >= t.fragmentationWarningMinBytes) return "high";
  if (ratio > t.doctorTotalRatio && bytes > t.doctorMinBytes) return "moderate";
  if (ratio > t.fragmentationWarningRatio) return "small";
  return undefined;
}

/** MEMORY DOCTOR's level for one of the three parts (allocator fragmentation, allocator RSS, process RSS). */
export function doctorPart(ratio: number | undefined, bytes: number | undefined, t: Thresholds): boolean {
  return ratio !== undefined && bytes !== undefined && ratio > t.doctorPartRatio && bytes > t.doctorMinBytes;
}

/** Allocator fragmentation worth naming (and worth active defrag): MEMORY DOCTOR's level. */
export function hasAllocatorFragmentation(m: MemorySnapshot, t: Thresholds): boolean {
  return doctorPart(m.allocatorFragRatio, m.allocatorFragBytes, t);
}

/** Policies under which a full Redis refuses writes (OOM errors) instead of evicting. */
export function refusesWritesWhenFull(policy: string | undefined): boolean {
  return policy === undefined || policy === "noeviction" || policy.startsWith("volatile-");
}
