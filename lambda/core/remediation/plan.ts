import { isJemalloc } from "../parsing/memory.js";
import type { Evaluation } from "../rules/evaluate.js";
import { hasAllocatorFragmentation } from "../rules/fragmentationParts.js";
import type { Thresholds } from "../settings/thresholds.js";
import type { NodeFacts } from "../vocabulary/facts.js";
import type { ActionKind, ActionOutcome, ActionResult, RemediationMode } from "../vocabulary/types.js";
import { formatBytes } from "../vocabulary/units.js";

export interface RemediationOptions {
  mode: RemediationMode;
  /** MEMORY PURGE is opt-in on top of the mode. */
  purge: boolean;
  /** Custom parameter group to name in advice when CONFIG is refused (ElastiCache/MemoryDB). */
  parameterGroup?: string;
}

export interface PlannedAction {
  action: ActionKind;
  command: readonly string[];
  reason: string;
}

export interface RemediationPlan {
  /** Commands to send (in `on` mode) or to describe (in `dry-run`). */
  actions: PlannedAction[];
  /** Decisions that need no command: already enabled, not jemalloc, and so on. */
  settled: ActionResult[];
}

const DEFRAG_COMMAND = ["CONFIG", "SET", "activedefrag", "yes"] as const;
const PURGE_COMMAND = ["MEMORY", "PURGE"] as const;
const DEFAULT_IGNORE_BYTES = 100 * 1024 * 1024;

/**
 * Decides the safe repairs for one node. Never touches maxmemory or the eviction policy (the findings
 * recommend values instead). Active defrag only for allocator fragmentation on jemalloc: enabling it when
 * the ratio is high but allocator_frag_ratio is near 1 does nothing, the most common mistake.
 */
export function planRemediation(
  facts: NodeFacts,
  evaluation: Evaluation,
  t: Thresholds,
  options: RemediationOptions,
): RemediationPlan {
  const plan: RemediationPlan = { actions: [], settled: [] };
  if (options.mode === "off") return plan;
  const m = facts.memory;
  const high = evaluation.findings.find((f) => f.code === "FRAGMENTATION_HIGH");
  if (!high) return plan;

  const defragCommand = DEFRAG_COMMAND.join(" ");
  if (m.allocator && !isJemalloc(m)) {
    plan.settled.push({
      action: "ENABLE_ACTIVEDEFRAG",
      command: defragCommand,
      outcome: "skipped",
      reason: `The allocator is ${m.allocator}: freed memory stays with it, and active defrag needs jemalloc. A failover or restart in a quiet window reclaims it.`,
    });
  } else if (!hasAllocatorFragmentation(m, t)) {
    plan.settled.push({
      action: "ENABLE_ACTIVEDEFRAG",
      command: defragCommand,
      outcome: "skipped",
      reason: `Allocator fragmentation is ${m.allocatorFragRatio?.toFixed(2) ?? "not reported"}${m.allocatorFragModel === "smallbins" ? " (small bins, the part defrag moves)" : ""}: the high ratio is not the kind active defrag fixes.`,
    });
  } else if (facts.defrag?.activedefrag === true) {
    plan.settled.push({
      action: "ENABLE_ACTIVEDEFRAG",
      command: defragCommand,
      outcome: "already-enabled",
      reason: `Active defrag is already on${(m.activeDefragRunning ?? 0) > 0 ? ` and running at ${m.activeDefragRunning}% CPU` : ""}.`,
    });
  } else {
    const ignore = facts.defrag?.ignoreBytes ?? DEFAULT_IGNORE_BYTES;
    const below =
      (m.allocatorFragBytes ?? 0) < ignore
        ? ` Defrag starts only above active-defrag-ignore-bytes (${formatBytes(ignore)}); it will wait until then.`
        : "";
    plan.actions.push({
      action: "ENABLE_ACTIVEDEFRAG",
      command: DEFRAG_COMMAND,
      reason: `Allocator fragmentation ${m.allocatorFragRatio?.toFixed(2)} (${formatBytes(m.allocatorFragBytes ?? 0)}) on jemalloc is what active defrag compacts.${below}`,
    });
  }

  if (options.purge) {
    const retained = m.allocatorRssBytes ?? 0;
    if (!isJemalloc(m)) {
      plan.settled.push({
        action: "MEMORY_PURGE",
        command: PURGE_COMMAND.join(" "),
        outcome: "skipped",
        reason: "MEMORY PURGE replies OK but does nothing without jemalloc.",
      });
    } else if (retained >= t.purgeMinBytes) {
      plan.actions.push({
        action: "MEMORY_PURGE",
        command: PURGE_COMMAND,
        reason: `jemalloc holds ${formatBytes(retained)} of pages it does not use; MEMORY PURGE returns them to the OS.`,
      });
    } else {
      plan.settled.push({
        action: "MEMORY_PURGE",
        command: PURGE_COMMAND.join(" "),
        outcome: "skipped",
        reason: `jemalloc holds ${formatBytes(retained)} it does not use, under the ${formatBytes(t.purgeMinBytes)} worth a MEMORY PURGE.`,
      });
    }
  }
  return plan;
}

/** Maps a server's refusal to an outcome people can act on. */
export function classifyCommandError(
  message: string,
  options: Pick<RemediationOptions, "parameterGroup">,
): Pick<ActionResult, "outcome" | "nextStep"> {
  const group = options.parameterGroup ? `parameter group ${options.parameterGroup}` : "a custom parameter group";
  if (/modified Jemalloc|Active defragmentation cannot be enabled/i.test(message)) {
    return {
      outcome: "unsupported",
      nextStep:
        "This build cannot defrag (not Redis's bundled jemalloc); run a build from the Redis source tarball or fail over to reclaim.",
    };
  }
  if (/NOPERM/i.test(message)) {
    return {
      outcome: "no-permission",
      nextStep: "Grant the checker's ACL user +config|set (and +memory|purge) or leave remediation in dry-run.",
    };
  }
  if (/unknown command|unknown subcommand|command not allowed|disabled/i.test(message)) {
    return {
      outcome: "command-unavailable",
      nextStep: `CONFIG is renamed or disabled, as on ElastiCache/MemoryDB: set activedefrag yes in ${group}.`,
    };
  }
  return { outcome: "failed", nextStep: "Read the server's message; retry by hand if it was transient." };
}

export function dryRunResult(planned: PlannedAction): ActionResult {
  return {
    action: planned.action,
    command: planned.command.join(" "),
    outcome: "dry-run" satisfies ActionOutcome,
    reason: planned.reason,
    nextStep: "Run with remediation on to apply it.",
  };
}
