import { type Evaluation, evaluate } from "./evaluate.js";
import type { NodeFacts } from "./facts.js";
import { planRemediation, type RemediationOptions, type RemediationPlan } from "./remediation.js";
import type { Thresholds } from "./thresholds.js";

export interface Diagnosis {
  evaluation: Evaluation;
  plan: RemediationPlan;
}

/** The whole pure decision for one node: findings, status and the repairs to attempt. */
export function diagnose(facts: NodeFacts, thresholds: Thresholds, remediation: RemediationOptions): Diagnosis {
  const evaluation = evaluate(facts, thresholds);
  return { evaluation, plan: planRemediation(facts, evaluation, thresholds, remediation) };
}
