import { describeCause, fragmentationCause } from "../analysis/fragmentationCause.js";
import { forkName, type MemorySnapshot } from "../parsing/memory.js";
import type { DefragConfig, PreviousObservation } from "../vocabulary/facts.js";
import { type Severity, STATUS_RANK, type Status } from "../vocabulary/types.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * The runbook's check on `mem_fragmentation_ratio` (above 2 WARNING, above 4 CRITICAL), counted only with
 * enough fragmented bytes behind it. Between MEMORY DOCTOR's 1.4 and the warning ratio it is context.
 */
export const fragmentation: Rule = ({ memory: m, defrag, previous }, t) => {
  const ratio = m.fragmentationRatio;
  const bytes = m.fragmentationBytes;
  if (ratio === undefined || bytes === undefined || ratio < 1) return [];
  const measured = `ratio ${formatRatio(ratio)}, ${formatBytes(bytes)} over used memory`;
  const base = { metric: "mem_fragmentation_ratio", measured: ratio } as const;

  if (ratio > t.fragmentationWarningRatio && bytes >= t.fragmentationWarningMinBytes) {
    const critical = ratio > t.fragmentationCriticalRatio && bytes >= t.fragmentationCriticalMinBytes;
    const breakdown = fragmentationCause(m, t);
    const cause = describeCause(breakdown, m.allocator);
    if (breakdown.cause === "allocator-fragmentation" && defrag?.activedefrag) cause.nextStep = defragAlreadyOn(m, defrag);
    const heldBack =
      ratio > t.fragmentationCriticalRatio && !critical
        ? ` Not CRITICAL: under ${formatBytes(t.fragmentationCriticalMinBytes)} of it, the level at which Redis's own active defrag starts.`
        : "";
    const verdict: Status = critical ? "CRITICAL" : "WARNING";
    const severity = forkCap(verdict, m, previous);
    const capped =
      severity !== verdict
        ? ` Not escalated on this run alone: a ${forkName(m)} is running, and its copy-on-write pages count in RSS; the next run decides.`
        : "";
    return [
      {
        code: "FRAGMENTATION_HIGH",
        severity,
        ...base,
        threshold: critical ? t.fragmentationCriticalRatio : t.fragmentationWarningRatio,
        meaning: `RSS is ${formatRatio(ratio)}x used memory (${measured}). ${cause.meaning}${heldBack}${capped}`,
        nextStep: cause.nextStep,
        summary: `fragmentation ${formatRatio(ratio)}x, ${formatBytes(bytes)} over used memory`,
      },
    ];
  }
  // MEMORY DOCTOR's "High total RSS" level: context, so this report never contradicts Redis's own.
  if (ratio > t.doctorTotalRatio && bytes > t.doctorMinBytes) {
    const cause = describeCause(fragmentationCause(m, t), m.allocator);
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

/**
 * While a fork runs, copy-on-write inflates RSS: a worse verdict than the previous check's is not given on
 * that run alone (without a previous check, nothing above WARNING). Two forking runs in a row escalate.
 */
function forkCap(verdict: Status, m: MemorySnapshot, previous: PreviousObservation | undefined): Severity {
  if (!m.fork || previous?.forking) return verdict;
  const before = previous?.status;
  const cap: Status = before === "OK" || before === "WARNING" || before === "CRITICAL" ? before : "WARNING";
  if (STATUS_RANK[verdict] <= STATUS_RANK[cap]) return verdict;
  return cap === "OK" ? "INFO" : cap;
}

/** With defrag already on, "enable it" is the wrong advice: say whether it is working or why it is idle. */
function defragAlreadyOn(m: MemorySnapshot, defrag: DefragConfig): string {
  if (m.fork) return `Active defrag is on but waits while the ${forkName(m)} runs; check again once it is done.`;
  if ((m.activeDefragRunning ?? 0) > 0) return "Active defrag is on and working; check the trend on the next run.";
  const ignore = defrag.ignoreBytes;
  const below = ignore !== undefined && (m.allocatorFragBytes ?? 0) < ignore;
  return below
    ? `Active defrag is on but idle: ${formatBytes(m.allocatorFragBytes ?? 0)} of allocator fragmentation is under active-defrag-ignore-bytes (${formatBytes(ignore)}). Lower it to go further, or accept the rest.`
    : "Active defrag is on but idle: check active-defrag-threshold-lower and active-defrag-cycle-min.";
}
