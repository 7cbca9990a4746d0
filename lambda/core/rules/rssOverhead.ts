import { doctorPart } from "../analysis/levels.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** MEMORY DOCTOR's "High process RSS overhead": RSS outside the allocator, which neither repair reclaims. */
export const rssOverhead: Rule = ({ memory: m }, t) =>
  doctorPart(m.rssOverheadRatio, m.rssOverheadBytes, t)
    ? [
        {
          code: "RSS_OVERHEAD",
          severity: "INFO",
          metric: "rss_overhead_ratio",
          measured: m.rssOverheadRatio,
          threshold: t.doctorPartRatio,
          meaning: `${formatBytes(m.rssOverheadBytes ?? 0)} of RSS is outside the allocator (ratio ${formatRatio(m.rssOverheadRatio)}): Lua, modules or fork copy-on-write.`,
          nextStep: "Neither active defrag nor MEMORY PURGE helps; check for a running fork and the Lua script cache.",
        },
      ]
    : [];
