import type { RemediationOptions } from "../endpoints/endpoint.js";
import { refusal } from "../parsing/refusals.js";
import type { Evaluation } from "../rules/evaluate.js";
import type { NodeFacts } from "../rules/facts.js";
import type { Thresholds } from "../settings/thresholds.js";
import { printable } from "../vocabulary/printable.js";
import type { ActionResult } from "../vocabulary/types.js";
import { type PlannedAction, planRemediation } from "./plan.js";

/** Everything decided about one node's repairs before anything is sent. */
export interface RemediationDecision {
  /** Outcomes known without sending anything: skipped, already enabled, dry-run, refused on read. */
  settled: ActionResult[];
  /** Commands to send now: the mode is `on`, and nothing already refused them. */
  send: PlannedAction[];
  /** Active defrag is wanted and this server refuses CONFIG (a managed service): its parameter group is the repair. */
  parameterGroupWanted: boolean;
}

/**
 * The one decision on what to do to a production server: what would help (the plan), in the endpoint's
 * mode, given what the server already refused. A CONFIG refused on read is reported as refused even in
 * dry-run (saying "would enable" would be untrue), and points to the parameter group.
 */
export function decideRemediation(
  facts: NodeFacts,
  evaluation: Evaluation,
  t: Thresholds,
  options: RemediationOptions,
): RemediationDecision {
  const plan = planRemediation(facts, evaluation, t, options);
  const decision: RemediationDecision = { settled: [...plan.settled], send: [], parameterGroupWanted: false };
  for (const planned of plan.actions) {
    if (facts.cloudwatch) {
      // Read from CloudWatch: there is no connection to send on. Active defrag goes through the parameter group.
      decision.parameterGroupWanted ||= planned.action === "ENABLE_ACTIVEDEFRAG";
      continue;
    }
    if (planned.action === "ENABLE_ACTIVEDEFRAG" && facts.configError && refusal(facts.configError) !== "failed") {
      const refused = refusedAction(planned, facts.configError, options);
      decision.settled.push(refused);
      decision.parameterGroupWanted ||= refused.outcome === "command-unavailable";
      continue;
    }
    if (options.mode === "on") decision.send.push(planned);
    else decision.settled.push(dryRunAction(planned));
  }
  return decision;
}

/** A command the server accepted. */
export function appliedAction(planned: PlannedAction, reply: string): ActionResult {
  return {
    action: planned.action,
    command: planned.command.join(" "),
    outcome: "applied",
    reason: planned.reason,
    serverMessage: printable(reply),
  };
}

/** A command the server refused (now, or already when CONFIG was read): what that means, and what to do. */
export function refusedAction(
  planned: PlannedAction,
  message: string,
  options: Pick<RemediationOptions, "parameterGroup">,
): ActionResult {
  const outcome = refusal(message);
  const group = options.parameterGroup ? `parameter group ${options.parameterGroup.name}` : "a custom parameter group";
  const nextStep = {
    unsupported:
      "This build cannot defrag (not Redis's bundled jemalloc); run a build from the Redis source tarball or fail over to reclaim.",
    "no-permission": "Grant the checker's ACL user +config|set (and +memory|purge) or leave remediation in dry-run.",
    "command-unavailable": `CONFIG is renamed or disabled, as on ElastiCache/MemoryDB: set activedefrag yes in ${group}.`,
    failed: "Read the server's message; retry by hand if it was transient.",
  }[outcome];
  return {
    action: planned.action,
    command: planned.command.join(" "),
    outcome,
    reason: planned.reason,
    serverMessage: printable(message),
    nextStep,
  };
}

function dryRunAction(planned: PlannedAction): ActionResult {
  return {
    action: planned.action,
    command: planned.command.join(" "),
    outcome: "dry-run",
    reason: planned.reason,
    nextStep: "Run with remediation on to apply it.",
  };
}

/** The parameter group is needed where active defrag was wanted and CONFIG refused it, on read or when sent. */
export function needsParameterGroup(decision: RemediationDecision, results: readonly ActionResult[]): boolean {
  return (
    decision.parameterGroupWanted ||
    results.some((r) => r.action === "ENABLE_ACTIVEDEFRAG" && r.outcome === "command-unavailable")
  );
}
