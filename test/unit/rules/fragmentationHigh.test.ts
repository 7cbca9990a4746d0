import { describe, expect, it } from "vitest";
import { planRemediation } from "../../../lambda/core/remediation/plan.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { MiB } from "../../../lambda/core/vocabulary/units.js";
import { codes, facts, finding, run, runText } from "../../support/evaluate.js";
import { BUILDS, editedInfo, fixtureText, readCapture as read, snapshotOf } from "../../support/fixtures.js";
import { valkeyMigrating } from "../../support/forks.js";

describe("FRAGMENTATION_HIGH", () => {
  it("healthy data: no fragmentation finding", () => {
    const e = run(facts("healthy-7.0"));
    expect(e.status).toBe("OK");
    expect(codes(e).filter((c) => c.startsWith("FRAGMENTATION"))).toEqual([]);
  });

  it("is CRITICAL above ratio 4 with over 100 MiB fragmented, and names allocator fragmentation", () => {
    const e = run(facts("fragmented-jemalloc-7.0"));
    const f = finding(e, "FRAGMENTATION_HIGH");
    expect(e.status).toBe("CRITICAL");
    expect(f).toMatchObject({ severity: "CRITICAL", metric: "mem_fragmentation_ratio", threshold: 4 });
    expect(f?.meaning).toMatch(/allocator fragmentation/);
    expect(f?.meaning).toMatch(/not a leak/);
    expect(f?.nextStep).toMatch(/activedefrag/);
  });

  it("with defrag already on, the next step explains why it is idle instead of saying enable it", () => {
    const e = run(facts("fragmented-jemalloc-7.0", { defrag: { activedefrag: true, ignoreBytes: 1024 * MiB } }));
    expect(finding(e, "FRAGMENTATION_HIGH")?.nextStep).toMatch(/on but idle.*active-defrag-ignore-bytes \(1\.00 GiB\)/);
  });

  it("stays WARNING when the ratio is critical but the bytes are below the critical floor", () => {
    const e = run(facts("fragmented-jemalloc-7.0"), { fragmentationCriticalMinBytes: 1024 * MiB });
    expect(finding(e, "FRAGMENTATION_HIGH")).toMatchObject({ severity: "WARNING", threshold: 2 });
    expect(finding(e, "FRAGMENTATION_HIGH")?.meaning).toMatch(/Not CRITICAL/);
  });

  it("thresholds are overridable: a warning ratio of 20 turns it into context", () => {
    const e = run(facts("fragmented-jemalloc-7.0"), { fragmentationWarningRatio: 20, fragmentationCriticalRatio: 30 });
    expect(e.status).toBe("OK");
    expect(finding(e, "FRAGMENTATION_MODERATE")?.severity).toBe("INFO");
  });

  it("a high ratio that is retained pages, not allocator fragmentation, says active defrag will not help", () => {
    const m = snapshotOf(fixtureText("peak-large-values-7.0"));
    expect(m.allocatorFragRatio).toBeLessThan(1.1);
    const e = run({ memory: m });
    expect(finding(e, "FRAGMENTATION_HIGH")?.meaning).toMatch(/active defrag will not help/);
    expect(finding(e, "FRAGMENTATION_HIGH")?.nextStep).toMatch(/MEMORY PURGE/);
    expect(codes(e)).toEqual(expect.arrayContaining(["ALLOCATOR_RSS_RETAINED", "PEAK_RETAINED"]));
    expect(codes(e)).not.toContain("ALLOCATOR_FRAGMENTATION");
  });

  it("a jemalloc server too old to report the allocator breakdown: the cause is unknown", () => {
    const text = editedInfo("fragmented-jemalloc-7.0", { drop: /^(allocator_|rss_overhead)/ });
    const e = run({ memory: snapshotOf(text) });
    expect(finding(e, "FRAGMENTATION_HIGH")?.meaning).toMatch(/does not say where it lives/);
  });
});

describe("FRAGMENTATION_HIGH while a fork runs", () => {
  it("does not escalate on a forking run alone: a CRITICAL ratio stays at the previous level", () => {
    // Prepare: the fragmented capture, with the fork fields of a BGSAVE in progress.
    const forking = editedInfo("fragmented-jemalloc-7.0", { set: { rdb_bgsave_in_progress: "1" } });

    // Act and assess: without history it stays WARNING; after an OK run it stays OK (INFO); after a
    // forking run too, it escalates.
    const first = runText(forking);
    expect(first.status).toBe("WARNING");
    expect(first.findings[0]?.meaning).toMatch(/Not escalated on this run alone: a BGSAVE is running/);
    expect(runText(forking, { at: "t", status: "OK" }).status).toBe("OK");
    expect(runText(forking, { at: "t", status: "OK" }).findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.severity).toBe(
      "INFO",
    );
    expect(runText(forking, { at: "t", status: "CRITICAL" }).status).toBe("CRITICAL");
    expect(runText(forking, { at: "t", status: "OK", forking: true }).status).toBe("CRITICAL");
  });

  it("with defrag on during a fork, the advice is to wait for the fork, not to enable defrag", () => {
    const forking = editedInfo("fragmented-jemalloc-7.0", { set: { aof_rewrite_in_progress: "1" } });
    const e = runText(forking, { at: "t", status: "CRITICAL" }, true);
    expect(e.findings.find((f) => f.code === "FRAGMENTATION_HIGH")?.nextStep).toMatch(/waits while the AOF rewrite runs/);
  });

  it("a migration's copy-on-write alone does not escalate: held at the previous check's level", () => {
    // The capture is CRITICAL on its own (ratio 9.81, 150+ MiB over used memory).
    expect(runText(valkeyMigrating("0"), undefined, true).status).toBe("CRITICAL");
    const first = runText(valkeyMigrating(), undefined, true);
    expect(first.status).toBe("WARNING");
    expect(finding(first, "FRAGMENTATION_HIGH")?.meaning).toMatch(
      /Not escalated on this run alone: a slot migration snapshot is running/,
    );
    expect(runText(valkeyMigrating(), { at: "t", status: "OK" }, true).status).toBe("OK");
    expect(runText(valkeyMigrating(), { at: "t", status: "OK", forking: true }, true).status).toBe("CRITICAL");
  });
});

describe("per-version truth", () => {
  it.each(BUILDS.filter((b) => b.endsWith("-libc")))(
    "%s, fragmented: says libc keeps freed memory, and that neither repair can help",
    (build) => {
      const { memory, evaluation } = read(`fragmented-${build}`);
      const high = evaluation.findings.find((f) => f.code === "FRAGMENTATION_HIGH");
      expect(evaluation.status).toBe("CRITICAL");
      expect(high?.meaning).toMatch(/Memory freed inside libc malloc, which keeps it rather than returning it to the OS/);
      expect(high?.meaning).not.toMatch(/Lua, modules or a fork|allocator fragmentation \d/);
      expect(high?.nextStep).toMatch(/Fail over or restart in a quiet window.*jemalloc build/);
      const plan = planRemediation({ memory }, evaluation, DEFAULT_THRESHOLDS, { mode: "on", purge: true });
      expect(plan.actions).toEqual([]);
      expect(plan.settled.map((s) => s.reason).join(" ")).toMatch(/The allocator is libc: freed memory stays with it/);
      expect(plan.settled.map((s) => s.reason).join(" ")).not.toMatch(/not the kind active defrag fixes/);
    },
  );
});
