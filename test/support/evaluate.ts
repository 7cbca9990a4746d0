import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { NodeFacts, PreviousObservation } from "../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS, resolveThresholds, type Thresholds } from "../../lambda/core/settings/thresholds.js";
import type { FindingCode } from "../../lambda/core/vocabulary/types.js";
import { fixtureText, snapshotOf } from "./fixtures.js";

/** The rules' tests: a real capture's facts, evaluated, and what came of it. */
export const facts = (name: string, extra: Partial<NodeFacts> = {}): NodeFacts => ({
  memory: snapshotOf(fixtureText(name)),
  ...extra,
});
export const run = (f: NodeFacts, t: Partial<Thresholds> = {}) => evaluate(f, resolveThresholds(t));
export const codes = (e: ReturnType<typeof run>) => e.findings.map((f) => f.code);
export const finding = (e: ReturnType<typeof run>, code: FindingCode) => e.findings.find((f) => f.code === code);
/** A capture's text evaluated with the defaults, after a previous check, with active defrag on or off. */
export const runText = (text: string, previous?: PreviousObservation, activedefrag = false) =>
  evaluate({ memory: snapshotOf(text), previous, defrag: { activedefrag } }, DEFAULT_THRESHOLDS);
