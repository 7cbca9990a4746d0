import type { NodeFacts } from "./facts.js";
import { activeDefragStatus, nonJemalloc } from "./rules/activeDefrag.js";
import { clusterDiscovery } from "./rules/clusterDiscovery.js";
import { emptyInstance } from "./rules/emptyInstance.js";
import { fragmentation } from "./rules/fragmentation.js";
import { fragmentationParts } from "./rules/fragmentationParts.js";
import { invalidFields } from "./rules/invalidFields.js";
import { maxmemoryPressure, maxmemoryUnset, noevictionPolicy } from "./rules/maxmemory.js";
import type { Rule } from "./rules/rule.js";
import { swap } from "./rules/swap.js";
import type { Thresholds } from "./thresholds.js";
import { type Finding, type Status, worstStatus } from "./types.js";

/** Ratio-based rules: skipped on an empty instance, as MEMORY DOCTOR does. */
const RATIO_RULES: Rule[] = [fragmentation, swap, fragmentationParts, nonJemalloc];
/** Limits, policy and defrag state: meaningful at any size. */
const ALWAYS_RULES: Rule[] = [
  maxmemoryPressure,
  maxmemoryUnset,
  noevictionPolicy,
  activeDefragStatus,
  invalidFields,
  clusterDiscovery,
];

export interface Evaluation {
  status: Status;
  findings: Finding[];
}

const ORDER: Record<Finding["severity"], number> = { CRITICAL: 0, UNKNOWN: 1, WARNING: 2, OK: 3, INFO: 4 };

export function evaluate(facts: NodeFacts, thresholds: Thresholds): Evaluation {
  const empty = emptyInstance(facts, thresholds);
  const rules = empty.length ? ALWAYS_RULES : [...RATIO_RULES, ...ALWAYS_RULES];
  const findings = [...empty, ...rules.flatMap((rule) => rule(facts, thresholds))];
  findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return { status: worstStatus(findings.map((f) => f.severity)), findings };
}
