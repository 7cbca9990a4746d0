import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** RSS below used memory means the OS has paged part of Redis out: every access to it waits on disk. */
export const swappedOut: Rule = ({ memory: m }, t) => {
  const ratio = m.fragmentationRatio;
  if (ratio === undefined || m.usedMemoryRss === undefined || ratio >= t.swapWarningRatio) return [];
  const missing = m.usedMemory - m.usedMemoryRss;
  if (missing < t.swapMinBytes) return [];
  const critical = ratio < t.swapCriticalRatio;
  return [
    {
      code: "SWAPPED_OUT",
      severity: critical ? "CRITICAL" : "WARNING",
      metric: "mem_fragmentation_ratio",
      measured: ratio,
      threshold: critical ? t.swapCriticalRatio : t.swapWarningRatio,
      meaning: `RSS ${formatBytes(m.usedMemoryRss)} is below used memory ${formatBytes(m.usedMemory)} (ratio ${formatRatio(ratio)}): about ${formatBytes(missing)} is swapped out, and latency follows.`,
      summary: `swapping: about ${formatBytes(missing)} paged out (ratio ${formatRatio(ratio)})`,
      nextStep:
        "Free memory on the host or move Redis to a larger one; set maxmemory below the host's RAM and consider vm.swappiness=1.",
    },
  ];
};
