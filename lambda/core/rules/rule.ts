import type { Thresholds } from "../settings/thresholds.js";
import type { NodeFacts } from "../vocabulary/facts.js";
import type { Finding } from "../vocabulary/types.js";

/** One check: facts in, findings out. No I/O. */
export type Rule = (facts: NodeFacts, t: Thresholds) => Finding[];
