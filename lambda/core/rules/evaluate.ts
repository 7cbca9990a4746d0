import type { Thresholds } from "../settings/thresholds.js";
import type { NodeFacts } from "../vocabulary/facts.js";
import { type Finding, type Status, worstStatus } from "../vocabulary/types.js";
import { activeDefragStatus, nonJemalloc } from "./activeDefrag.js";
import { activeDefragOff } from "./activeDefragOff.js";
import { clusterDiscovery } from "./clusterDiscovery.js";
import { emptyInstance } from "./emptyInstance.js";
import { evictionPolicy } from "./evictionPolicy.js";
import { fork } from "./fork.js";
import { fragmentation } from "./fragmentation.js";
import { fragmentationParts } from "./fragmentationParts.js";
import { invalidFields } from "./invalidFields.js";
import { loading } from "./loading.js";
import { maxmemoryPressure, maxmemoryUnset } from "./maxmemory.js";
import type { Rule } from "./rule.js";
import { swap } from "./swap.js";

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
