import { describe, expect, it } from "vitest";
import { parseInfo } from "../../lambda/core/parsing/info.js";
import { atLeast, forkName, memorySnapshot } from "../../lambda/core/parsing/memory.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { PreviousObservation } from "../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { editedInfo, snapshotOf } from "../support/fixtures.js";

const run = (text: string, previous?: PreviousObservation, activedefrag = true) =>
  evaluate({ memory: snapshotOf(text), previous, defrag: { activedefrag } }, DEFAULT_THRESHOLDS);
const finding = (e: ReturnType<typeof run>, code: string) => e.findings.find((f) => f.code === code);

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
function valkeyMigrating(flag = "1"): string {
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

describe("Valkey 9.0's atomic slot migration fork (slot_migration_fork_in_progress)", () => {
  it("is a fork: named for what it is, with the flag that says so", () => {
    const m = snapshotOf(valkeyMigrating());
    expect(m.fork).toEqual({ kind: "slot-migration", percent: 7.17, cowBytes: 696320 });
    expect(forkName(m)).toBe("slot migration snapshot");
    const fork = finding(run(valkeyMigrating()), "FORK_IN_PROGRESS");
    expect(fork?.metric).toBe("slot_migration_fork_in_progress");
    expect(fork?.measured).toBe("slot-migration");
    expect(fork?.meaning).toBe(
      "A slot migration snapshot is running (7% done); 680 KiB copied on write so far: copy-on-write inflates RSS and the fragmentation ratio for its duration. Active defrag is paused until it ends.",
    );
    expect(fork?.nextStep).toMatch(/once the migration's snapshot is done \(CLUSTER GETSLOTMIGRATIONS shows its state\)/);
  });

  it("ACTIVE_DEFRAG says paused, not running, though active_defrag_running keeps the cycle's last figure", () => {
    const defrag = finding(run(valkeyMigrating()), "ACTIVE_DEFRAG");
    expect(defrag?.meaning).toMatch(/enabled and paused while the slot migration snapshot runs/);
    expect(defrag?.meaning).not.toMatch(/running at/);
    expect(defrag?.nextStep).toBe("Nothing to do.");
    // The same capture without the migration: running.
    expect(finding(run(valkeyMigrating("0")), "ACTIVE_DEFRAG")?.meaning).toMatch(/running at 25% CPU/);
  });

  it("a migration's copy-on-write alone does not escalate: held at the previous check's level", () => {
    // The capture is CRITICAL on its own (ratio 9.81, 150+ MiB over used memory).
    expect(run(valkeyMigrating("0")).status).toBe("CRITICAL");
    const first = run(valkeyMigrating());
    expect(first.status).toBe("WARNING");
    expect(finding(first, "FRAGMENTATION_HIGH")?.meaning).toMatch(
      /Not escalated on this run alone: a slot migration snapshot is running/,
    );
    expect(run(valkeyMigrating(), { at: "t", status: "OK" }).status).toBe("OK");
    expect(run(valkeyMigrating(), { at: "t", status: "OK", forking: true }).status).toBe("CRITICAL");
  });

  it("Valkey 8.1's real capture has no such flag and no fork", () => {
    expect(snapshotOf(editedInfo("fragmented-valkey-8.1-jemalloc")).fork).toBeUndefined();
  });
});

describe("Redis 8.4+'s atomic slot migration snapshot: a BGSAVE as far as INFO goes", () => {
  // Redis 8.6.3 seen during CLUSTER MIGRATION IMPORT: the source's child shows as rdb_bgsave_in_progress:1, and
  // INFO has no field that tells it from a BGSAVE (the task is in CLUSTER INFO and CLUSTER MIGRATION STATUS).
  const bgsave = (version: string, cluster: string) =>
    editedInfo("fragmented-redis-8.0-jemalloc", {
      set: { redis_version: version, cluster_enabled: cluster, rdb_bgsave_in_progress: "1" },
    });

  it("on a cluster node, it is named as either, and the finding says how to tell", () => {
    const m = snapshotOf(bgsave("8.4.0", "1"));
    expect(m.fork).toMatchObject({ kind: "rdb", maybeSlotMigration: true });
    const fork = finding(run(bgsave("8.4.0", "1")), "FORK_IN_PROGRESS");
    expect(fork?.metric).toBe("rdb_bgsave_in_progress");
    expect(fork?.meaning).toMatch(/^A BGSAVE or slot migration snapshot is running/);
    expect(fork?.meaning).toMatch(/CLUSTER MIGRATION STATUS says whether one is running\.$/);
    expect(finding(run(bgsave("8.4.0", "1")), "ACTIVE_DEFRAG")?.meaning).toMatch(
      /paused while the BGSAVE or slot migration snapshot runs/,
    );
  });

  it.each([
    ["8.4.0", "0", "a standalone server has no slots to migrate"],
    ["8.2.1", "1", "before 8.4 there is no atomic slot migration"],
  ])("Redis %s with cluster_enabled:%s: a BGSAVE (%s)", (version, cluster) => {
    const m = snapshotOf(bgsave(version, cluster));
    expect(m.fork?.maybeSlotMigration).toBeUndefined();
    expect(forkName(m)).toBe("BGSAVE");
  });
});

describe("release candidates are read as the release they precede", () => {
  it("compares by feature level: x.y.2zz is x.(y+1)'s pre-release", () => {
    expect(atLeast("7.3.240", "7.4")).toBe(true); // Redis 7.4-rc1
    expect(atLeast("7.3.241", "7.4")).toBe(true); // Redis 7.4-rc2
    expect(atLeast("7.1.240", "7.4")).toBe(false); // Redis 7.2-rc1
    expect(atLeast("7.1.240", "7.2")).toBe(true);
    expect(atLeast("7.9.240", "8.0")).toBe(true); // Valkey 8.0.0-rc1 and rc2
    expect(atLeast("7.9.224", "8.0")).toBe(true); // Redis 8.0-m01
    expect(atLeast("7.9.240", "8.1")).toBe(false);
    expect(atLeast("7.3.99", "7.4")).toBe(false);
    expect(atLeast("255.255.255", "8.0")).toBe(true); // unstable
  });

  it.each([
    ["fragmented-redis-8.0-jemalloc", { redis_version: "7.3.240" }, "smallbins"],
    ["fragmented-redis-8.0-jemalloc", { redis_version: "7.1.240" }, "active"],
    ["fragmented-valkey-8.1-jemalloc", { valkey_version: "7.9.240" }, "smallbins"],
  ])("%s as %j counts allocator fragmentation as %s", (name, set, model) => {
    const info = parseInfo(editedInfo(name, { set }));
    const m = memorySnapshot(info);
    expect(m?.allocatorFragModel).toBe(model);
    // A 7.4 RC defines allocator_frag_* as 7.4 does: its own ratio and ours agree.
    if (model === "smallbins") expect(m?.allocatorFragRatio).toBeCloseTo(Number(info.fields.allocator_frag_ratio), 2);
  });
});
