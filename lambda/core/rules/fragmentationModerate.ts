import { describeCause, fragmentationCause } from "../analysis/fragmentationCause.js";
import { fragmentationLevel } from "../analysis/levels.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** MEMORY DOCTOR's "High total RSS" below the alert levels: context, so this report never contradicts Redis's own. */
export const fragmentationModerate: Rule = ({ memory: m }, t) => {
  if (fragmentationLevel(m, t) !== "moderate") return [];
  const ratio = m.fragmentationRatio as number;
  const bytes = m.fragmentationBytes as number;
  const cause = describeCause(fragmentationCause(m, t), m.allocator);
  const below =
    ratio > t.fragmentationWarningRatio
      ? `under the ${formatBytes(t.fragmentationWarningMinBytes)} alert floor`
      : `below the warning ratio ${t.fragmentationWarningRatio}`;
  return [
    {
      code: "FRAGMENTATION_MODERATE",
      severity: "INFO",
      metric: "mem_fragmentation_ratio",
      measured: ratio,
      threshold: t.doctorTotalRatio,
      meaning: `Some fragmentation (ratio ${formatRatio(ratio)}, ${formatBytes(bytes)} over used memory), as MEMORY DOCTOR reports it, ${below}. ${cause.meaning}`,
      nextStep: "Watch the trend; no action needed yet.",
    },
  ];
};
