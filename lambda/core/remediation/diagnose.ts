import { type Evaluation, evaluate } from "../rules/evaluate.js";
import type { Thresholds } from "../settings/thresholds.js";
import type { NodeFacts } from "../vocabulary/facts.js";
import { planRemediation, type RemediationOptions, type RemediationPlan } from "./plan.js";

export interface Diagnosis {
  evaluation: Evaluation;
  plan: RemediationPlan;
}

/** The whole pure decision for one node: findings, status and the repairs to attempt. */
export function diagnose(facts: NodeFacts, thresholds: Thresholds, remediation: RemediationOptions): Diagnosis {
  const evaluation = evaluate(facts, thresholds);
  return { evaluation, plan: planRemediation(facts, evaluation, thresholds, remediation) };
}
