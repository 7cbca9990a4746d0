/** Vocabulary of the checker: statuses, findings, actions. */

export const STATUSES = ["OK", "WARNING", "CRITICAL", "UNKNOWN"] as const;
export type Status = (typeof STATUSES)[number];

/** INFO findings are advice and context; they never change a node's status. */
export type Severity = "INFO" | Status;

export type FindingCode =
  | "EMPTY_INSTANCE"
  | "FRAGMENTATION_HIGH"
  | "FRAGMENTATION_MODERATE"
  | "FRAGMENTATION_SMALL"
  | "ALLOCATOR_FRAGMENTATION"
  | "ALLOCATOR_RSS_RETAINED"
  | "RSS_OVERHEAD"
  | "PEAK_RETAINED"
  | "SWAPPED_OUT"
  | "MAXMEMORY_PRESSURE"
  | "MAXMEMORY_UNSET"
  | "MAXMEMORY_FORECAST"
  | "FRAGMENTATION_RISING"
  | "NOEVICTION_POLICY"
  | "EVICTION_POLICY_MISMATCH"
  | "ACTIVE_DEFRAG_OFF"
  | "ACTIVE_DEFRAG"
  | "NON_JEMALLOC_ALLOCATOR"
  | "LOADING"
  | "FORK_IN_PROGRESS"
  | "INFO_FIELD_INVALID"
  | "CLUSTER_DISCOVERY_FAILED"
  | "CHECK_FAILED"
  | "CLOUDWATCH_READING";

/** The next step of a finding that only explains: renderers leave it out. */
export const NOTHING_TO_DO = "Nothing to do.";

export interface Finding {
  /** Stable identifier: alerts, metrics and docs refer to it. */
  code: FindingCode;
  severity: Severity;
  /** What was measured, e.g. `mem_fragmentation_ratio`. */
  metric?: string;
  measured?: number | string;
  threshold?: number | string;
  /** One line: what the measurement means. */
  meaning: string;
  /** One line: what a person should do next. */
  nextStep: string;
  /** A few words for subjects and SMS ("fragmentation 10.02x, 163.0 MiB"); findings that can alert have one. */
  summary?: string;
}

export type ActionKind = "ENABLE_ACTIVEDEFRAG" | "MEMORY_PURGE";

export type ActionOutcome =
  | "applied"
  | "dry-run"
  | "already-enabled"
  | "unsupported"
  | "command-unavailable"
  | "no-permission"
  | "failed"
  | "skipped";

export interface ActionResult {
  action: ActionKind;
  /** The command as sent, e.g. `CONFIG SET activedefrag yes`. */
  command: string;
  outcome: ActionOutcome;
  /** Why the action was chosen, or why it was not taken. */
  reason: string;
  /** The server's own reply or error text, when there was one. */
  serverMessage?: string;
  /** What a person should do next about this action. */
  nextStep?: string;
}

export type RemediationMode = "off" | "dry-run" | "on";

/**
 * Severity order for "worst": CRITICAL, then UNKNOWN, then WARNING (as Icinga ranks service states). A known
 * crisis on one node is not hidden behind another node that could not be checked.
 */
export const STATUS_RANK: Readonly<Record<Severity, number>> = { INFO: 0, OK: 0, WARNING: 1, UNKNOWN: 2, CRITICAL: 3 };

/** Worst of several statuses (see STATUS_RANK). */
export function worstStatus(statuses: Iterable<Severity>): Status {
  let worst: Status = "OK";
  for (const s of statuses) {
    const status: Status = s === "INFO" ? "OK" : s;
    if (STATUS_RANK[status] > STATUS_RANK[worst]) worst = status;
  }
  return worst;
}

/** Monitoring-plugin exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export function exitCodeFor(status: Status): number {
  return STATUSES.indexOf(status);
}
