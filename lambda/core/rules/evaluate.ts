import type { Thresholds } from "../settings/thresholds.js";
import { type Finding, type Status, worstStatus } from "../vocabulary/types.js";
import { activeDefrag } from "./activeDefrag.js";
import { activeDefragOff } from "./activeDefragOff.js";
import { allocatorFragmentation } from "./allocatorFragmentation.js";
import { allocatorRssRetained } from "./allocatorRssRetained.js";
import { cloudwatchReading } from "./cloudwatchReading.js";
import { clusterDiscoveryFailed } from "./clusterDiscoveryFailed.js";
import { emptyInstance } from "./emptyInstance.js";
import { evictionPolicyMismatch } from "./evictionPolicyMismatch.js";
import type { NodeFacts } from "./facts.js";
import { forkInProgress } from "./forkInProgress.js";
import { fragmentationHigh } from "./fragmentationHigh.js";
import { fragmentationModerate } from "./fragmentationModerate.js";
import { fragmentationRising } from "./fragmentationRising.js";
import { fragmentationSmall } from "./fragmentationSmall.js";
import { infoFieldInvalid } from "./infoFieldInvalid.js";
import { loading } from "./loading.js";
import { maxmemoryForecast } from "./maxmemoryForecast.js";
import { maxmemoryPressure } from "./maxmemoryPressure.js";
import { maxmemoryUnset } from "./maxmemoryUnset.js";
import { noevictionPolicy } from "./noevictionPolicy.js";
import { nonJemallocAllocator } from "./nonJemallocAllocator.js";
import { peakRetained } from "./peakRetained.js";
import { rssOverhead } from "./rssOverhead.js";
import type { Rule } from "./rule.js";
import { swappedOut } from "./swappedOut.js";

/** Ratio-based rules: skipped on an empty instance, as MEMORY DOCTOR does. */
const RATIO_RULES: Rule[] = [
  fragmentationHigh,
  fragmentationModerate,
  fragmentationSmall,
  swappedOut,
  allocatorFragmentation,
  allocatorRssRetained,
  rssOverhead,
  peakRetained,
  nonJemallocAllocator,
  fragmentationRising,
];
/** Limits, policy, defrag and fork state: meaningful at any size. */
const SIZE_FREE_RULES: Rule[] = [
  maxmemoryPressure,
  maxmemoryForecast,
  maxmemoryUnset,
  noevictionPolicy,
  evictionPolicyMismatch,
  activeDefrag,
  activeDefragOff,
  forkInProgress,
];
/** About the reading itself: always, even while memory verdicts are held. */
const READING_RULES: Rule[] = [infoFieldInvalid, clusterDiscoveryFailed, cloudwatchReading];

export interface Evaluation {
  status: Status;
  findings: Finding[];
}

const ORDER: Record<Finding["severity"], number> = { CRITICAL: 0, UNKNOWN: 1, WARNING: 2, OK: 3, INFO: 4 };

/** Every rule over one node's facts: its findings, worst first, and the status they add up to. */
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
