import { forkName, type MemorySnapshot } from "../parsing/memory.js";
import { type Finding, NOTHING_TO_DO } from "../vocabulary/types.js";
import { formatBytes, formatDuration } from "../vocabulary/units.js";
import type { PreviousObservation } from "./facts.js";
import type { Rule } from "./rule.js";

/** Whether active defrag is on and running, and what it did since the previous check. */
export const activeDefrag: Rule = ({ memory: m, defrag, previous }) => {
  const enabled = defrag?.activedefrag;
  const running = (m.activeDefragRunning ?? 0) > 0;
  if (enabled !== true && !running) return [];
  const state = m.fork
    ? `paused while the ${forkName(m)} runs (defrag waits for forks to end)`
    : running
      ? `running at ${m.activeDefragRunning}% CPU`
      : "idle (nothing above its thresholds)";
  const finding: Finding = {
    code: "ACTIVE_DEFRAG",
    severity: "INFO",
    metric: "active_defrag_running",
    measured: m.activeDefragRunning ?? 0,
    meaning: `Active defrag is ${enabled === false ? "off but still finishing a cycle" : "enabled"} and ${state}.${progress(m, previous)}`,
    // A fork pauses it whatever active_defrag_running says (the cycle's last figure, kept while it waits).
    nextStep: running && !m.fork ? "Let it work; check the ratio again on the next run." : NOTHING_TO_DO,
  };
  return [finding];
};

/**
 * Since the previous check: how long defrag ran (`total_active_defrag_time`, Redis 7.4+ and Valkey 8+),
 * how many allocations it moved (`active_defrag_hits`), and what happened to allocator fragmentation.
 */
function progress(m: MemorySnapshot, previous: PreviousObservation | undefined): string {
  if (!previous) return "";
  const parts: string[] = [];
  if (previous.activeDefragTimeMs !== undefined && m.activeDefragTimeMs !== undefined) {
    const ran = m.activeDefragTimeMs - previous.activeDefragTimeMs;
    parts.push(ran > 0 ? `it ran for ${formatDuration(ran)}` : "it did not run");
  }
  if (previous.activeDefragHits !== undefined && m.activeDefragHits !== undefined) {
    parts.push(`moved ${Math.max(0, m.activeDefragHits - previous.activeDefragHits).toLocaleString("en")} allocations`);
  }
  if (previous.allocatorFragBytes !== undefined && m.allocatorFragBytes !== undefined) {
    const delta = m.allocatorFragBytes - previous.allocatorFragBytes;
    parts.push(`allocator fragmentation ${delta <= 0 ? "fell" : "rose"} by ${formatBytes(Math.abs(delta))}`);
  }
  return parts.length ? ` Since ${previous.at}: ${parts.join(", ")}.` : "";
}
