import { hasAllocatorFragmentation } from "../analysis/levels.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** MEMORY DOCTOR's "High allocator fragmentation": the only part active defrag fixes. Context, never a status. */
export const allocatorFragmentation: Rule = ({ memory: m }, t) =>
  hasAllocatorFragmentation(m, t)
    ? [
        {
          code: "ALLOCATOR_FRAGMENTATION",
          severity: "INFO",
          metric: "allocator_frag_ratio",
          measured: m.allocatorFragRatio,
          threshold: t.doctorPartRatio,
          meaning: `Allocator fragmentation ${formatRatio(m.allocatorFragRatio)} (${formatBytes(m.allocatorFragBytes ?? 0)}): the part active defrag can reclaim.`,
          nextStep: "Active defrag compacts this; enable it if the overall ratio is high.",
        },
      ]
    : [];
