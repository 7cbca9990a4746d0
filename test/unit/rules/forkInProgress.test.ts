import { describe, expect, it } from "vitest";
import { forkName } from "../../../lambda/core/parsing/memory.js";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { PreviousObservation } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";
import { bgsave, valkeyMigrating } from "../../support/forks.js";

const run = (text: string, previous?: PreviousObservation, activedefrag = true) =>
  evaluate({ memory: snapshotOf(text), previous, defrag: { activedefrag } }, DEFAULT_THRESHOLDS);
const finding = (e: ReturnType<typeof run>, code: string) => e.findings.find((f) => f.code === code);

describe("FORK_IN_PROGRESS (a real capture of Redis 8.0 during a BGSAVE)", () => {
  it("says a fork runs, that copy-on-write inflates RSS, and that defrag is paused", () => {
    const e = run(fixtureText("fork-redis-8.0-jemalloc"), undefined, true);
    const fork = e.findings.find((f) => f.code === "FORK_IN_PROGRESS");
    expect(fork?.meaning).toMatch(/A BGSAVE is running \(0% done\); 364 KiB copied on write so far: copy-on-write inflates RSS/);
    expect(fork?.meaning).toMatch(/Active defrag is paused until it ends/);
    expect(e.findings.find((f) => f.code === "ACTIVE_DEFRAG")?.meaning).toMatch(/paused while the BGSAVE runs/);
  });
});

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
});

describe("Redis 8.4+'s atomic slot migration snapshot: a BGSAVE as far as INFO goes", () => {
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
});
