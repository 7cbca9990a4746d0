import type { RemediationOptions } from "../endpoints/endpoint.js";
import { type Evaluation, evaluate } from "../rules/evaluate.js";
import type { NodeFacts } from "../rules/facts.js";
import type { Thresholds } from "../settings/thresholds.js";
import { decideRemediation, type RemediationDecision } from "./decide.js";

export interface Diagnosis {
  evaluation: Evaluation;
  decision: RemediationDecision;
}

/** The whole pure decision for one node: findings, status and what to do about them. */
export function diagnose(facts: NodeFacts, thresholds: Thresholds, remediation: RemediationOptions): Diagnosis {
  const evaluation = evaluate(facts, thresholds);
  return { evaluation, decision: decideRemediation(facts, evaluation, thresholds, remediation) };
}
