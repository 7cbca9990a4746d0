import { doctorPart } from "../analysis/levels.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** MEMORY DOCTOR's "High allocator RSS overhead": pages jemalloc keeps; MEMORY PURGE may return them. */
export const allocatorRssRetained: Rule = ({ memory: m }, t) =>
  doctorPart(m.allocatorRssRatio, m.allocatorRssBytes, t)
    ? [
        {
          code: "ALLOCATOR_RSS_RETAINED",
          severity: "INFO",
          metric: "allocator_rss_ratio",
          measured: m.allocatorRssRatio,
          threshold: t.doctorPartRatio,
          meaning: `The allocator keeps ${formatBytes(m.allocatorRssBytes ?? 0)} of pages it does not use (ratio ${formatRatio(m.allocatorRssRatio)})${m.allocatorMuzzyBytes ? `, besides ${formatBytes(m.allocatorMuzzyBytes)} already released lazily (muzzy: the kernel takes those back under pressure)` : ""}; active defrag does not return them.`,
          nextStep: "MEMORY PURGE asks jemalloc to return these pages to the OS.",
        },
      ]
    : [];
