import type { DefragConfig } from "../facts.js";
import type { MemorySnapshot } from "../memory.js";
import { formatBytes, formatRatio } from "../units.js";
import { describeCause, fragmentationCause } from "./fragmentationCause.js";
import type { Rule } from "./rule.js";

/**
 * The runbook's check on `mem_fragmentation_ratio` (above 2 WARNING, above 4 CRITICAL), counted only with
 * enough fragmented bytes behind it. Between MEMORY DOCTOR's 1.4 and the warning ratio it is context.
 */
export const fragmentation: Rule = ({ memory: m, defrag }, t) => {
  const ratio = m.fragmentationRatio;
  const bytes = m.fragmentationBytes;
  if (ratio === undefined || bytes === undefined || ratio < 1) return [];
  const measured = `ratio ${formatRatio(ratio)}, ${formatBytes(bytes)} over used memory`;
  const base = { metric: "mem_fragmentation_ratio", measured: ratio } as const;

  if (ratio > t.fragmentationWarningRatio && bytes >= t.fragmentationWarningMinBytes) {
    const critical = ratio > t.fragmentationCriticalRatio && bytes >= t.fragmentationCriticalMinBytes;
    const breakdown = fragmentationCause(m, t);
    const cause = describeCause(breakdown);
    if (breakdown.cause === "allocator-fragmentation" && defrag?.activedefrag) cause.nextStep = defragAlreadyOn(m, defrag);
    const heldBack =
      ratio > t.fragmentationCriticalRatio && !critical
        ? ` Not CRITICAL: under ${formatBytes(t.fragmentationCriticalMinBytes)} of it, the level at which Redis's own active defrag starts.`
        : "";
    return [
      {
        code: "FRAGMENTATION_HIGH",
        severity: critical ? "CRITICAL" : "WARNING",
        ...base,
        threshold: critical ? t.fragmentationCriticalRatio : t.fragmentationWarningRatio,
        meaning: `RSS is ${formatRatio(ratio)}x used memory (${measured}). ${cause.meaning}${heldBack}`,
        nextStep: cause.nextStep,
        summary: `fragmentation ${formatRatio(ratio)}x, ${formatBytes(bytes)} over used memory`,
      },
    ];
  }
  // MEMORY DOCTOR's "High total RSS" level: context, so this report never contradicts Redis's own.
  if (ratio > t.doctorTotalRatio && bytes > t.doctorMinBytes) {
    const cause = describeCause(fragmentationCause(m, t));
    const below =
      ratio > t.fragmentationWarningRatio
        ? `under the ${formatBytes(t.fragmentationWarningMinBytes)} alert floor`
        : `below the warning ratio ${t.fragmentationWarningRatio}`;
    return [
      {
        code: "FRAGMENTATION_MODERATE",
        severity: "INFO",
        ...base,
        threshold: t.doctorTotalRatio,
        meaning: `Some fragmentation (${measured}), as MEMORY DOCTOR reports it, ${below}. ${cause.meaning}`,
        nextStep: "Watch the trend; no action needed yet.",
      },
    ];
  }
  if (ratio > t.fragmentationWarningRatio) {
    return [
      {
        code: "FRAGMENTATION_SMALL",
        severity: "INFO",
        ...base,
        threshold: t.fragmentationWarningMinBytes,
        meaning: `High ratio on little memory (${measured}): a few MiB of fragmentation is not worth an alert.`,
        nextStep: "Nothing to do.",
      },
    ];
  }
  return [];
};

/** With defrag already on, "enable it" is the wrong advice: say whether it is working or why it is idle. */
function defragAlreadyOn(m: MemorySnapshot, defrag: DefragConfig): string {
  if ((m.activeDefragRunning ?? 0) > 0) return "Active defrag is on and working; check the trend on the next run.";
  const ignore = defrag.ignoreBytes;
  const below = ignore !== undefined && (m.allocatorFragBytes ?? 0) < ignore;
  return below
    ? `Active defrag is on but idle: ${formatBytes(m.allocatorFragBytes ?? 0)} of allocator fragmentation is under active-defrag-ignore-bytes (${formatBytes(ignore)}). Lower it to go further, or accept the rest.`
    : "Active defrag is on but idle: check active-defrag-threshold-lower and active-defrag-cycle-min.";
}
