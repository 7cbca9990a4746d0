import { fragmentationLevel } from "../analysis/levels.js";
import { NOTHING_TO_DO } from "../vocabulary/types.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** A high ratio on a few MiB: why a number that looks alarming is not an alert. */
export const fragmentationSmall: Rule = ({ memory: m }, t) => {
  if (fragmentationLevel(m, t) !== "small") return [];
  const ratio = m.fragmentationRatio as number;
  return [
    {
      code: "FRAGMENTATION_SMALL",
      severity: "INFO",
      metric: "mem_fragmentation_ratio",
      measured: ratio,
      threshold: t.fragmentationWarningMinBytes,
      meaning: `High ratio on little memory (ratio ${formatRatio(ratio)}, ${formatBytes(m.fragmentationBytes as number)} over used memory): a few MiB of fragmentation is not worth an alert.`,
      nextStep: NOTHING_TO_DO,
    },
  ];
};
