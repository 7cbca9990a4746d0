import { describeCause, fragmentationCause } from "../analysis/fragmentationCause.js";
import { fragmentationLevel } from "../analysis/levels.js";
import type { DefragConfig } from "../parsing/defragConfig.js";
import { forkName, type MemorySnapshot } from "../parsing/memory.js";
import { type Severity, STATUS_RANK, type Status } from "../vocabulary/types.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { PreviousObservation } from "./facts.js";
import type { Rule } from "./rule.js";

/**
 * The runbook's check on `mem_fragmentation_ratio`: above 2 WARNING, above 4 CRITICAL, counted only with
 * enough fragmented bytes behind it. The text names where the memory lives and what helps.
 */
export const fragmentationHigh: Rule = ({ memory: m, defrag, previous }, t) => {
  if (fragmentationLevel(m, t) !== "high") return [];
  const ratio = m.fragmentationRatio as number;
  const bytes = m.fragmentationBytes as number;
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
      metric: "mem_fragmentation_ratio",
      measured: ratio,
      threshold: critical ? t.fragmentationCriticalRatio : t.fragmentationWarningRatio,
      meaning: `RSS is ${formatRatio(ratio)}x used memory (ratio ${formatRatio(ratio)}, ${formatBytes(bytes)} over used memory). ${cause.meaning}${heldBack}${capped}`,
      nextStep: cause.nextStep,
      summary: `fragmentation ${formatRatio(ratio)}x, ${formatBytes(bytes)} over used memory`,
    },
  ];
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
