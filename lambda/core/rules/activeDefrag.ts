import { isJemalloc } from "../memory.js";
import type { Finding } from "../types.js";
import { formatBytes } from "../units.js";
import type { Rule } from "./rule.js";

/** Whether active defrag is on and running, and what it achieved since the previous check. */
export const activeDefragStatus: Rule = ({ memory: m, defrag, previous }) => {
  const enabled = defrag?.activedefrag;
  const running = (m.activeDefragRunning ?? 0) > 0;
  if (enabled !== true && !running) return [];
  let progress = "";
  if (previous?.allocatorFragBytes !== undefined && m.allocatorFragBytes !== undefined) {
    const delta = m.allocatorFragBytes - previous.allocatorFragBytes;
    const hits =
      previous.activeDefragHits !== undefined && m.activeDefragHits !== undefined
        ? `, ${m.activeDefragHits - previous.activeDefragHits} allocations moved`
        : "";
    progress = ` Since ${previous.at}: allocator fragmentation ${delta <= 0 ? "fell" : "rose"} by ${formatBytes(Math.abs(delta))}${hits}.`;
  }
  const finding: Finding = {
    code: "ACTIVE_DEFRAG",
    severity: "INFO",
    metric: "active_defrag_running",
    measured: m.activeDefragRunning ?? 0,
    meaning: `Active defrag is ${enabled === false ? "off but still finishing a cycle" : "enabled"} and ${running ? `running at ${m.activeDefragRunning}% CPU` : "idle (nothing above its thresholds)"}.${progress}`,
    nextStep: running ? "Let it work; check the ratio again on the next run." : "Nothing to do.",
  };
  return [finding];
};

/** With libc malloc there is no active defrag and MEMORY PURGE does nothing. */
export const nonJemalloc: Rule = ({ memory: m }, t) => {
  if (!m.allocator || isJemalloc(m)) return [];
  if ((m.fragmentationRatio ?? 0) <= t.fragmentationWarningRatio) return [];
  if ((m.fragmentationBytes ?? 0) < t.fragmentationWarningMinBytes) return [];
  return [
    {
      code: "NON_JEMALLOC_ALLOCATOR",
      severity: "INFO",
      metric: "mem_allocator",
      measured: m.allocator,
      meaning: `This server uses ${m.allocator}: active defrag is unavailable and MEMORY PURGE does nothing.`,
      nextStep: "Reclaim with a failover or restart; run a jemalloc build to get active defrag.",
    },
  ];
};
