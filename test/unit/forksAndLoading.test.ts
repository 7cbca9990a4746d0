import { describe, expect, it } from "vitest";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { PreviousObservation } from "../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { editedInfo, fixtureText, snapshotOf } from "../support/fixtures.js";

const run = (text: string, previous?: PreviousObservation, activedefrag = false) =>
  evaluate({ memory: snapshotOf(text), previous, defrag: { activedefrag } }, DEFAULT_THRESHOLDS);
const codes = (e: ReturnType<typeof run>) => e.findings.map((f) => f.code);

describe("LOADING (a real capture of Redis 8.0 loading a 1 GiB snapshot)", () => {
  it("holds every memory verdict, is UNKNOWN, and says why and how far it is", () => {
    const e = run(fixtureText("loading-redis-8.0-jemalloc"));
    expect(e.status).toBe("UNKNOWN");
    expect(codes(e)).toEqual(["LOADING"]);
    expect(e.findings[0]?.meaning).toMatch(/loading its dataset \(1% loaded, about 1 s to go\): .*verdicts are held/);
    expect(e.findings[0]?.summary).toBe("loading its dataset, 1% loaded");
  });

  it("a loaded server is judged as usual", () => {
    expect(codes(run(fixtureText("healthy-redis-8.0-jemalloc")))).not.toContain("LOADING");
  });
});

describe("FORK_IN_PROGRESS (a real capture of Redis 8.0 during a BGSAVE)", () => {
  it("says a fork runs, that copy-on-write inflates RSS, and that defrag is paused", () => {
    const e = run(fixtureText("fork-redis-8.0-jemalloc"), undefined, true);
    const fork = e.findings.find((f) => f.code === "FORK_IN_PROGRESS");
    expect(fork?.meaning).toMatch(/A BGSAVE is running \(0% done\); 364 KiB copied on write so far: copy-on-write inflates RSS/);
    expect(fork?.meaning).toMatch(/Active defrag is paused until it ends/);
    expect(e.findings.find((f) => f.code === "ACTIVE_DEFRAG")?.meaning).toMatch(/paused while the BGSAVE runs/);
  });

  it("does not escalate on a forking run alone: a CRITICAL ratio stays at the previous level", () => {
    // Prepare: the fragmented capture, with the fork fields of a BGSAVE in progress.
    const forking = editedInfo("fragmented-jemalloc-7.0", { set: { rdb_bgsave_in_progress: "1" } });

    // Act and assess: without history it stays WARNING; after an OK run it stays OK (INFO); after a
    // forking run too, it escalates.
    const first = run(forking);
    expect(first.status).toBe("WARNING");
    expect(first.findings[0]?.meaning).toMatch(/Not escalated on this run alone: a BGSAVE is running/);
    expect(run(forking, { at: "t", status: "OK" }).status).toBe("OK");
    expect(run(forking, { at: "t", status: "OK" }).findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.severity).toBe("INFO");
    expect(run(forking, { at: "t", status: "CRITICAL" }).status).toBe("CRITICAL");
    expect(run(forking, { at: "t", status: "OK", forking: true }).status).toBe("CRITICAL");
  });

  it("with defrag on during a fork, the advice is to wait for the fork, not to enable defrag", () => {
    const forking = editedInfo("fragmented-jemalloc-7.0", { set: { aof_rewrite_in_progress: "1" } });
    const e = run(forking, { at: "t", status: "CRITICAL" }, true);
    expect(e.findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.nextStep).toMatch(/waits while the AOF rewrite runs/);
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
    const defrag = run(text, previous, true).findings.find((f) => f.code === "ACTIVE_DEFRAG");
    expect(defrag?.meaning).toMatch(
      /running at 25% CPU\. Since 2026-11-24T10:00:00\.000Z: it ran for 12\.3 s, moved 1,200,000 allocations, allocator fragmentation fell by 43\.\d MiB\./,
    );
  });
});

describe("PEAK_RETAINED says when the peak was, where the server tells (Redis 8.2+)", () => {
  it("names the time", () => {
    const text = editedInfo("peak-redis-8.0-jemalloc", { set: { used_memory_peak_time: "1795000000" } });
    expect(run(text).findings.find((f) => f.code === "PEAK_RETAINED")?.meaning).toMatch(/at 2026-11-18T\d\d:\d\d:\d\d\.000Z/);
  });
});
