import type { NodeFacts } from "../facts.js";
import type { Thresholds } from "../thresholds.js";
import type { Finding } from "../types.js";

/** One check: facts in, findings out. No I/O. */
export type Rule = (facts: NodeFacts, t: Thresholds) => Finding[];
