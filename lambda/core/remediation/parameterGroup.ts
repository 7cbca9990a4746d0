import type { ParameterGroupRef, RemediationOptions } from "../endpoints/endpoint.js";
import type { ActionOutcome, ActionResult } from "../vocabulary/types.js";

/** The API call, as the report shows it. */
export function parameterGroupCommand(ref: ParameterGroupRef): string {
  return ref.service === "memorydb"
    ? `memorydb:UpdateParameterGroup ${ref.name} activedefrag=yes`
    : `elasticache:ModifyCacheParameterGroup ${ref.name} activedefrag=yes`;
}

/** ElastiCache and MemoryDB default groups (`default.redis7`, `default.memorydb-redis7`…) cannot be modified. */
export function isDefaultGroup(name: string): boolean {
  return name.startsWith("default.");
}

/**
 * Whether the group's current `activedefrag` is worth reading: a node needs it (it wants active defrag and
 * its server refuses CONFIG), remediation is not off, and the group is one that can be changed.
 */
export function parameterGroupToRead(options: RemediationOptions, needed: boolean): ParameterGroupRef | undefined {
  const ref = options.parameterGroup;
  return ref && needed && options.mode !== "off" && !isDefaultGroup(ref.name) ? ref : undefined;
}

export type GroupDecision = { kind: "none" } | { kind: "settled"; result: ActionResult } | { kind: "call"; reason: string };

/**
 * The endpoint-wide repair of a managed service: `activedefrag yes` in its parameter group, only where a
 * node needs it (the managed service's own refusal of CONFIG, never a guess from the host name), in the
 * endpoint's mode, given the group's `current` value when it was read.
 */
export function decideParameterGroup(options: RemediationOptions, needed: boolean, current?: string): GroupDecision {
  const ref = options.parameterGroup;
  if (!ref || options.mode === "off" || !needed) return { kind: "none" };
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
  if (options.mode === "dry-run") {
    return { kind: "settled", result: { ...base, outcome: "dry-run", reason, nextStep: "Run with remediation on to apply it." } };
  }
  return { kind: "call", reason };
}

/** The group was changed. */
export function appliedGroupAction(ref: ParameterGroupRef, reason: string): ActionResult {
  return {
    action: "ENABLE_ACTIVEDEFRAG",
    command: parameterGroupCommand(ref),
    outcome: "applied",
    reason,
    nextStep: "Nodes apply it within minutes; the next checks show defrag running.",
  };
}

/** The service refused the change (`name`: its error's name; `text`: printable `Name: message`). */
export function refusedGroupAction(ref: ParameterGroupRef, reason: string, name: string, text: string): ActionResult {
  return {
    action: "ENABLE_ACTIVEDEFRAG",
    command: parameterGroupCommand(ref),
    reason,
    serverMessage: text,
    ...groupRefusal(name, text),
  };
}

/** Maps the service's refusal to an outcome. */
function groupRefusal(name: string, message: string): { outcome: ActionOutcome; nextStep: string } {
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
