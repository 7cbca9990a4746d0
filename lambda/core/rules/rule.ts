import type { Thresholds } from "../settings/thresholds.js";
import type { Finding } from "../vocabulary/types.js";
import type { NodeFacts } from "./facts.js";

/** One check: facts in, findings out. No I/O. */
export type Rule = (facts: NodeFacts, t: Thresholds) => Finding[];
