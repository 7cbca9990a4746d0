import { fragmentationClimb } from "../forecast/growth.js";
import { formatDuration, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * Fragmentation building up: the ratio climbing run after run while used memory stays flat, and when it
 * would cross the warning ratio at that pace. Information ahead of FRAGMENTATION_HIGH, never a status.
 */
export const fragmentationRising: Rule = ({ memory: m, history }, t) => {
  const climb = history && fragmentationClimb(history);
  const ratio = m.fragmentationRatio;
  if (!climb || ratio === undefined || ratio >= t.fragmentationWarningRatio) return [];
  const hours = (t.fragmentationWarningRatio - ratio) / climb.bytesPerHour;
  return [
    {
      code: "FRAGMENTATION_RISING",
      severity: "INFO",
      metric: "mem_fragmentation_ratio",
      measured: Number(climb.bytesPerHour.toFixed(3)),
      threshold: t.fragmentationWarningRatio,
      meaning: `The fragmentation ratio climbs ${climb.bytesPerHour.toFixed(2)} an hour while used memory stays flat (${climb.confidence} confidence, ${climb.samples} samples): at that pace it passes ${formatRatio(t.fragmentationWarningRatio)} in about ${formatDuration(hours * 3_600_000)}.`,
      nextStep:
        "Churn of values of changing sizes fragments memory: enable active defrag before it builds up (activedefrag yes).",
      summary: `fragmentation rising ${climb.bytesPerHour.toFixed(2)}/h`,
    },
  ];
};
