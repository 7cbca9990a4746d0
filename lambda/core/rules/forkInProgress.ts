import { forkName } from "../parsing/memory.js";
import { formatBytes } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * A child process (BGSAVE, AOF rewrite, a module's fork) is running: RSS includes its copy-on-write pages,
 * and active defrag waits until it is gone. Context for every RSS figure of this run.
 */
export const forkInProgress: Rule = ({ memory: m, defrag }) => {
  if (!m.fork) return [];
  const progress = m.fork.percent !== undefined ? ` (${m.fork.percent.toFixed(0)}% done)` : "";
  const cow = m.fork.cowBytes ? `; ${formatBytes(m.fork.cowBytes)} copied on write so far` : "";
  const paused = defrag?.activedefrag ? " Active defrag is paused until it ends." : " Active defrag would wait until it ends.";
  return [
    {
      code: "FORK_IN_PROGRESS",
      severity: "INFO",
      metric: "rdb_bgsave_in_progress/aof_rewrite_in_progress/module_fork_in_progress",
      measured: m.fork.kind,
      meaning: `A ${forkName(m)} is running${progress}${cow}: copy-on-write inflates RSS and the fragmentation ratio for its duration.${paused}`,
      nextStep:
        "Nothing; read the ratio again once the fork is done. Frequent forks on a busy node cost memory: check save and AOF settings.",
    },
  ];
};
