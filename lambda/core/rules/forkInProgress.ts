import { FORK_FLAGS, type ForkInProgress, forkName } from "../parsing/memory.js";
import { formatBytes } from "../vocabulary/units.js";
import type { Rule } from "./rule.js";

/**
 * A child process (BGSAVE, AOF rewrite, a module's fork, Valkey's atomic slot migration) is running: RSS
 * includes its copy-on-write pages, and active defrag waits until it is gone. Context for every RSS figure
 * of this run.
 */
export const forkInProgress: Rule = ({ memory: m, defrag }) => {
  if (!m.fork) return [];
  const progress = m.fork.percent !== undefined ? ` (${m.fork.percent.toFixed(0)}% done)` : "";
  const cow = m.fork.cowBytes ? `; ${formatBytes(m.fork.cowBytes)} copied on write so far` : "";
  const paused = defrag?.activedefrag ? " Active defrag is paused until it ends." : " Active defrag would wait until it ends.";
  const name = forkName(m);
  const ambiguous = m.fork.maybeSlotMigration
    ? " On a Redis 8.4+ cluster node, INFO shows an atomic slot migration's snapshot as a BGSAVE too (rdb_bgsave_in_progress); CLUSTER MIGRATION STATUS says whether one is running."
    : "";
  return [
    {
      code: "FORK_IN_PROGRESS",
      severity: "INFO",
      metric: FORK_FLAGS[m.fork.kind],
      measured: m.fork.kind,
      meaning: `${/^[AEIOU]/.test(name) ? "An" : "A"} ${name} is running${progress}${cow}: copy-on-write inflates RSS and the fragmentation ratio for its duration.${paused}${ambiguous}`,
      nextStep: nextStep(m.fork),
    },
  ];
};

function nextStep(fork: ForkInProgress): string {
  if (fork.kind === "slot-migration") {
    return "Nothing; read the ratio again once the migration's snapshot is done (CLUSTER GETSLOTMIGRATIONS shows its state). On a node short of memory, migrate fewer slots at a time.";
  }
  return "Nothing; read the ratio again once the fork is done. Frequent forks on a busy node cost memory: check save and AOF settings.";
}
