import { editedInfo } from "./fixtures.js";

/**
 * A capture with one line added where the newer server prints it: Valkey 9.0 prints
 * `slot_migration_fork_in_progress` right after `module_fork_last_cow_size` (INFO persistence).
 */
function withLineAfter(text: string, afterKey: string, line: string): string {
  const lines = text.split("\r\n");
  const at = lines.findIndex((l) => l.startsWith(`${afterKey}:`));
  if (at < 0) throw new Error(`no ${afterKey} in the capture`);
  lines.splice(at + 1, 0, line);
  return lines.join("\r\n");
}

/**
 * Valkey 9.0+ during an atomic slot migration (CLUSTER MIGRATESLOTS), as a Valkey 9.1.2 source node printed it:
 * `slot_migration_fork_in_progress:1`, `rdb_bgsave_in_progress:0`, `current_fork_perc` and `current_cow_size`
 * counting the migration's child. Built on the fragmented Valkey 8.1 capture, with defrag mid-cycle.
 */
export function valkeyMigrating(flag = "1"): string {
  const text = editedInfo("fragmented-valkey-8.1-jemalloc", {
    set: {
      valkey_version: "9.0.0",
      cluster_enabled: "1",
      current_fork_perc: "7.17",
      current_cow_size: "696320",
      active_defrag_running: "25",
    },
  });
  return withLineAfter(text, "module_fork_last_cow_size", `slot_migration_fork_in_progress:${flag}`);
}

/**
 * Redis 8.4+'s atomic slot migration snapshot, a BGSAVE as far as INFO goes. Redis 8.6.3 seen during CLUSTER
 * MIGRATION IMPORT: the source's child shows as rdb_bgsave_in_progress:1, and INFO has no field that tells it
 * from a BGSAVE (the task is in CLUSTER INFO and CLUSTER MIGRATION STATUS).
 */
export const bgsave = (version: string, cluster: string) =>
  editedInfo("fragmented-redis-8.0-jemalloc", {
    set: { redis_version: version, cluster_enabled: cluster, rdb_bgsave_in_progress: "1" },
  });
