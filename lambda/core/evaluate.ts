import type { NodeFacts } from "./facts.js";
import { activeDefragStatus, nonJemalloc } from "./rules/activeDefrag.js";
import { activeDefragOff } from "./rules/activeDefragOff.js";
import { clusterDiscovery } from "./rules/clusterDiscovery.js";
import { emptyInstance } from "./rules/emptyInstance.js";
import { evictionPolicy } from "./rules/evictionPolicy.js";
import { fork } from "./rules/fork.js";
import { fragmentation } from "./rules/fragmentation.js";
import { fragmentationParts } from "./rules/fragmentationParts.js";
import { invalidFields } from "./rules/invalidFields.js";
import { loading } from "./rules/loading.js";
import { maxmemoryPressure, maxmemoryUnset } from "./rules/maxmemory.js";
import type { Rule } from "./rules/rule.js";
import { swap } from "./rules/swap.js";
import type { Thresholds } from "./thresholds.js";
import { type Finding, type Status, worstStatus } from "./types.js";

/** Ratio-based rules: skipped on an empty instance, as MEMORY DOCTOR does. */
const RATIO_RULES: Rule[] = [fragmentation, swap, fragmentationParts, nonJemalloc];
/** Limits, policy, defrag and fork state: meaningful at any size. */
const SIZE_FREE_RULES: Rule[] = [maxmemoryPressure, maxmemoryUnset, evictionPolicy, activeDefragStatus, activeDefragOff, fork];
/** About the reading itself: always, even while memory verdicts are held. */
const READING_RULES: Rule[] = [invalidFields, clusterDiscovery];

export interface Evaluation {
  status: Status;
  findings: Finding[];
}

const ORDER: Record<Finding["severity"], number> = { CRITICAL: 0, UNKNOWN: 1, WARNING: 2, OK: 3, INFO: 4 };

export function evaluate(facts: NodeFacts, thresholds: Thresholds): Evaluation {
  // While the dataset loads, memory verdicts are held: only the reading's own findings, and why.
  const held = loading(facts, thresholds);
  const empty = held.length ? [] : emptyInstance(facts, thresholds);
  const rules = held.length
    ? READING_RULES
    : empty.length
      ? [...SIZE_FREE_RULES, ...READING_RULES]
      : [...RATIO_RULES, ...SIZE_FREE_RULES, ...READING_RULES];
  const findings = [...held, ...empty, ...rules.flatMap((rule) => rule(facts, thresholds))];
  findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return { status: worstStatus(findings.map((f) => f.severity)), findings };
}
