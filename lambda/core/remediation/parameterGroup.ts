import type { NodeReport } from "../report/report.js";
import type { ParameterGroupRef } from "../settings/endpoint.js";
import type { ActionOutcome, ActionResult, RemediationMode } from "../vocabulary/types.js";

/** The API call, as the report shows it. */
export function parameterGroupCommand(ref: ParameterGroupRef): string {
  return ref.service === "memorydb"
    ? `memorydb:UpdateParameterGroup ${ref.name} activedefrag=yes`
    : `elasticache:ModifyCacheParameterGroup ${ref.name} activedefrag=yes`;
}

/**
 * The parameter group is the repair only where a node wanted active defrag and CONFIG was refused: the
 * managed service's own answer, not a guess from the host name.
 */
export function wantsParameterGroup(nodes: NodeReport[]): boolean {
  return nodes.some((n) => n.actions.some((a) => a.action === "ENABLE_ACTIVEDEFRAG" && a.outcome === "command-unavailable"));
}

/** ElastiCache and MemoryDB default groups (`default.redis7`, `default.memorydb-redis7`…) cannot be modified. */
export function isDefaultGroup(name: string): boolean {
  return name.startsWith("default.");
}

export type GroupDecision = { kind: "none" } | { kind: "settled"; result: ActionResult } | { kind: "call"; reason: string };

/** What to do about the group before any API call. `current` is the group's activedefrag value, if read. */
export function decideParameterGroup(
  ref: ParameterGroupRef | undefined,
  mode: RemediationMode,
  nodes: NodeReport[],
  current?: string,
): GroupDecision {
  if (!ref || mode === "off" || !wantsParameterGroup(nodes)) return { kind: "none" };
  const base = { action: "ENABLE_ACTIVEDEFRAG", command: parameterGroupCommand(ref) } as const;
  if (isDefaultGroup(ref.name)) {
    return {
      kind: "settled",
      result: {
        ...base,
        outcome: "unsupported",
        reason: `${ref.name} is a default parameter group, which cannot be modified.`,
        nextStep: "Create a custom parameter group (a copy of the default) with activedefrag yes and attach it to the cluster.",
      },
    };
  }
  if (current === "yes") {
    return {
      kind: "settled",
      result: {
        ...base,
        outcome: "already-enabled",
        reason: `activedefrag is already yes in ${ref.name}; nodes pick it up as the group is applied (a reboot is not needed for this parameter).`,
      },
    };
  }
  const reason = `CONFIG is refused on this managed service; activedefrag is set in its parameter group ${ref.name}.`;
  if (mode === "dry-run") {
    return {
      kind: "settled",
      result: { ...base, outcome: "dry-run", reason, nextStep: "Run with remediation on to apply it." },
    };
  }
  return { kind: "call", reason };
}

/** Maps the service's refusal to an outcome. */
export function classifyParameterGroupError(name: string, message: string): { outcome: ActionOutcome; nextStep: string } {
  if (/AccessDenied|not authorized/i.test(`${name} ${message}`)) {
    return {
      outcome: "no-permission",
      nextStep:
        "Grant the checker elasticache:ModifyCacheParameterGroup (or memorydb:UpdateParameterGroup) on this group: -c parameterGroups=NAME.",
    };
  }
  if (/default/i.test(message) && /InvalidParameterValue|InvalidCacheParameterGroupState|InvalidParameterGroupState/.test(name)) {
    return {
      outcome: "unsupported",
      nextStep: "Default parameter groups cannot be modified: create a custom one with activedefrag yes.",
    };
  }
  if (/NotFound/.test(name))
    return { outcome: "failed", nextStep: "Check the parameter group's name and region in the endpoint's configuration." };
  return { outcome: "failed", nextStep: "Read the service's message; set activedefrag yes in the console if it persists." };
}
