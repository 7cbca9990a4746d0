import { hasAllocatorFragmentation } from "../analysis/levels.js";
import type { RemediationOptions } from "../endpoints/endpoint.js";
import { isJemalloc } from "../parsing/memory.js";
import type { Evaluation } from "../rules/evaluate.js";
import type { NodeFacts } from "../rules/facts.js";
import type { Thresholds } from "../settings/thresholds.js";
import type { ActionKind, ActionResult } from "../vocabulary/types.js";
import { formatBytes } from "../vocabulary/units.js";

export interface PlannedAction {
  action: ActionKind;
  command: readonly string[];
  reason: string;
}

/** What would help this node, before the mode and the server's refusals are considered (see decide.ts). */
export interface RemediationPlan {
  /** Commands that would help. */
  actions: PlannedAction[];
  /** Decisions that need no command: already enabled, not jemalloc, and so on. */
  settled: ActionResult[];
}

export const DEFRAG_COMMAND = ["CONFIG", "SET", "activedefrag", "yes"] as const;
export const PURGE_COMMAND = ["MEMORY", "PURGE"] as const;
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
  } else if (m.systemJemalloc) {
    plan.settled.push({
      action: "ENABLE_ACTIVEDEFRAG",
      command: defragCommand,
      outcome: "unsupported",
      reason:
        "This Valkey is linked with the system jemalloc (as Debian's and Ubuntu's packages are): it has no active defrag, so the command was not sent.",
      nextStep:
        "A failover or restart in a quiet window reclaims the slack; Valkey built with its vendored jemalloc runs active defrag.",
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
