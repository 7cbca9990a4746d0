import { isPeakRetained } from "../analysis/fragmentationCause.js";
import { formatBytes, formatRatio } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/** MEMORY DOCTOR's "Peak memory": RSS kept since a peak of usage is not a leak (and when, where the server says). */
export const peakRetained: Rule = ({ memory: m }, t) =>
  m.usedMemory >= t.emptyBelowBytes && isPeakRetained(m, t)
    ? [
        {
          code: "PEAK_RETAINED",
          severity: "INFO",
          metric: "used_memory_peak",
          measured: m.usedMemoryPeak,
          threshold: `${t.peakRatio}x used_memory`,
          meaning: `Peak use was ${formatBytes(m.usedMemoryPeak ?? 0)}${m.usedMemoryPeakAt ? ` at ${m.usedMemoryPeakAt}` : ""}, ${formatRatio((m.usedMemoryPeak ?? 0) / m.usedMemory)}x today's ${formatBytes(m.usedMemory)}: RSS held since then is not a leak.`,
          nextStep: "Harmless if data grows back; MEMORY PURGE or a restart in a quiet window reclaims it otherwise.",
        },
      ]
    : [];
