import { describe, expect, it } from "vitest";
import type { RemediationOptions } from "../../../lambda/core/endpoints/endpoint.js";
import { planRemediation } from "../../../lambda/core/remediation/plan.js";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { editedInfo, fixtureText, snapshotOf } from "../../support/fixtures.js";

const on: RemediationOptions = { mode: "on", purge: false };
const facts = (name: string, defrag = { activedefrag: false }): NodeFacts => ({ memory: snapshotOf(fixtureText(name)), defrag });
const plan = (f: NodeFacts, o: RemediationOptions = on) =>
  planRemediation(f, evaluate(f, DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS, o);

describe("planRemediation", () => {
  it("enables active defrag for allocator fragmentation on jemalloc", () => {
    const p = plan(facts("fragmented-jemalloc-7.0"));
    expect(p.actions.map((a) => a.command.join(" "))).toEqual(["CONFIG SET activedefrag yes"]);
  });

  it("does nothing in off mode", () => {
    expect(plan(facts("fragmented-jemalloc-7.0"), { mode: "off", purge: true })).toEqual({ actions: [], settled: [] });
  });

  it("does nothing for a healthy or empty node", () => {
    for (const name of ["healthy-7.0", "empty-7.0", "maxmemory-noeviction-7.0"]) {
      expect(plan(facts(name), { mode: "on", purge: true })).toEqual({ actions: [], settled: [] });
    }
  });

  it("refuses defrag when the high ratio is retained pages (allocator_frag_ratio near 1)", () => {
    const p = plan(facts("peak-large-values-7.0"));
    expect(p.actions).toEqual([]);
    expect(p.settled[0]).toMatchObject({ action: "ENABLE_ACTIVEDEFRAG", outcome: "skipped" });
    expect(p.settled[0]?.reason).toMatch(/not the kind active defrag fixes/);
  });

  it("plans MEMORY PURGE only when configured and retained pages are worth it", () => {
    expect(plan(facts("peak-large-values-7.0")).actions).toEqual([]);
    const p = plan(facts("peak-large-values-7.0"), { mode: "on", purge: true });
    expect(p.actions.map((a) => a.action)).toEqual(["MEMORY_PURGE"]);
  });

  it("reports already enabled instead of sending the command again", () => {
    const p = plan(facts("fragmented-jemalloc-7.0", { activedefrag: true }));
    expect(p.actions).toEqual([]);
    expect(p.settled[0]?.outcome).toBe("already-enabled");
  });

  it("skips both repairs on a libc build: defrag is impossible and MEMORY PURGE does nothing", () => {
    const text = editedInfo("fragmented-jemalloc-7.0", { set: { mem_allocator: "libc" } });
    const p = plan({ memory: snapshotOf(text), defrag: { activedefrag: false } }, { mode: "on", purge: true });
    expect(p.actions).toEqual([]);
    expect(p.settled.map((s) => [s.action, s.outcome])).toEqual([
      ["ENABLE_ACTIVEDEFRAG", "skipped"],
      ["MEMORY_PURGE", "skipped"],
    ]);
  });

  it("warns when allocator fragmentation is below active-defrag-ignore-bytes", () => {
    const p = plan({ ...facts("fragmented-jemalloc-7.0"), defrag: { activedefrag: false, ignoreBytes: 1024 ** 3 } });
    expect(p.actions[0]?.reason).toMatch(/only above active-defrag-ignore-bytes \(1\.00 GiB\)/);
  });

  it("never touches maxmemory or the eviction policy", () => {
    for (const name of ["maxmemory-noeviction-7.0", "maxmemory-allkeys-lru-7.0", "healthy-7.0"]) {
      const p = plan(facts(name), { mode: "on", purge: true });
      expect(p.actions.flatMap((a) => a.command).join(" ")).not.toMatch(/maxmemory/i);
    }
  });
});
