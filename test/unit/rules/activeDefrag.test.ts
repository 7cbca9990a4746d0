import { describe, expect, it } from "vitest";
import { MiB } from "../../../lambda/core/vocabulary/units.js";
import { codes, facts, finding, run, runText } from "../../support/evaluate.js";
import { editedInfo, fixtureText, snapshotOf } from "../../support/fixtures.js";
import { valkeyMigrating } from "../../support/forks.js";

describe("ACTIVE_DEFRAG", () => {
  it("is silent when defrag is off", () => {
    expect(codes(run(facts("fragmented-jemalloc-7.0", { defrag: { activedefrag: false } })))).not.toContain("ACTIVE_DEFRAG");
  });

  it("reports defrag on and its progress since the previous check", () => {
    const now = snapshotOf(fixtureText("fragmented-jemalloc-7.0"));
    const e = run({
      memory: now,
      defrag: { activedefrag: true },
      previous: { at: "2026-11-24T10:00:00Z", allocatorFragBytes: (now.allocatorFragBytes ?? 0) + 50 * MiB },
    });
    expect(finding(e, "ACTIVE_DEFRAG")?.meaning).toMatch(/enabled.*fell by 50\.0 MiB/);
  });
});

describe("ACTIVE_DEFRAG progress", () => {
  it("says how long defrag ran, how much it moved and what fell since the previous check (Redis 8.0 fields)", () => {
    const text = editedInfo("fragmented-redis-8.0-jemalloc", {
      set: { total_active_defrag_time: "15300", active_defrag_hits: "1300000", active_defrag_running: "25" },
    });
    const previous = {
      at: "2026-11-24T10:00:00.000Z",
      activeDefragTimeMs: 3000,
      activeDefragHits: 100_000,
      allocatorFragBytes: 150 * 1024 * 1024,
    };
    const defrag = runText(text, previous, true).findings.find((f) => f.code === "ACTIVE_DEFRAG");
    expect(defrag?.meaning).toMatch(
      /running at 25% CPU\. Since 2026-11-24T10:00:00\.000Z: it ran for 12\.3 s, moved 1,200,000 allocations, allocator fragmentation fell by 43\.\d MiB\./,
    );
  });
});

describe("Valkey 9.0's atomic slot migration fork (slot_migration_fork_in_progress)", () => {
  it("ACTIVE_DEFRAG says paused, not running, though active_defrag_running keeps the cycle's last figure", () => {
    const defrag = finding(runText(valkeyMigrating(), undefined, true), "ACTIVE_DEFRAG");
    expect(defrag?.meaning).toMatch(/enabled and paused while the slot migration snapshot runs/);
    expect(defrag?.meaning).not.toMatch(/running at/);
    expect(defrag?.nextStep).toBe("Nothing to do.");
    // The same capture without the migration: running.
    expect(finding(runText(valkeyMigrating("0"), undefined, true), "ACTIVE_DEFRAG")?.meaning).toMatch(/running at 25% CPU/);
  });
});
