import { describe, expect, it } from "vitest";
import { parseDefragConfig } from "../../lambda/core/parsing/defragConfig.js";
import { refusal } from "../../lambda/core/parsing/refusals.js";
import { refusedAction } from "../../lambda/core/remediation/decide.js";
import { diagnose } from "../../lambda/core/remediation/diagnose.js";
import { DEFRAG_COMMAND, planRemediation } from "../../lambda/core/remediation/plan.js";
import { evaluate } from "../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../lambda/core/rules/facts.js";
import type { RemediationOptions } from "../../lambda/core/settings/endpoint.js";
import { DEFAULT_THRESHOLDS } from "../../lambda/core/settings/thresholds.js";
import { editedInfo, fixtureText, snapshotOf } from "../support/fixtures.js";

const on: RemediationOptions = { mode: "on", purge: false };
const facts = (name: string, defrag = { activedefrag: false }): NodeFacts => ({ memory: snapshotOf(fixtureText(name)), defrag });
const plan = (f: NodeFacts, o: RemediationOptions = on) =>
  planRemediation(f, evaluate(f, DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS, o);
const decide = (f: NodeFacts, o: RemediationOptions = on) => diagnose(f, DEFAULT_THRESHOLDS, o).decision;

// Captured from Debian's redis-server 7.0 (system jemalloc) answering CONFIG SET activedefrag yes.
const DEBIAN_REFUSAL =
  "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution";

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

describe("decideRemediation", () => {
  it("sends the planned command only in mode on; dry-run settles it as would-do", () => {
    expect(decide(facts("fragmented-jemalloc-7.0")).send.map((a) => a.command)).toEqual([DEFRAG_COMMAND]);
    const dry = decide(facts("fragmented-jemalloc-7.0"), { mode: "dry-run", purge: false });
    expect(dry.send).toEqual([]);
    expect(dry.settled.map((a) => [a.outcome, a.command])).toEqual([["dry-run", "CONFIG SET activedefrag yes"]]);
  });

  it("a CONFIG refused on read is reported refused, even in dry-run, and wants the parameter group", () => {
    const refused = { ...facts("fragmented-jemalloc-7.0", undefined), configError: "ERR unknown command 'CONFIG'" };
    delete refused.defrag;
    for (const mode of ["on", "dry-run"] as const) {
      const d = decide(refused, { mode, purge: false });
      expect(d.send).toEqual([]);
      expect(d.settled.map((a) => a.outcome)).toEqual(["command-unavailable"]);
      expect(d.parameterGroupWanted).toBe(true);
    }
  });

  it("a NOPERM on CONFIG GET is refused for this user, and the parameter group is not the fix", () => {
    const f = {
      ...facts("fragmented-jemalloc-7.0"),
      configError: "NOPERM this user has no permissions to run the 'config|get' command",
    };
    delete f.defrag;
    const d = decide(f);
    expect(d.settled.map((a) => a.outcome)).toEqual(["no-permission"]);
    expect(d.parameterGroupWanted).toBe(false);
  });

  it("a healthy node decides nothing", () => {
    expect(decide(facts("healthy-7.0"), { mode: "on", purge: true })).toEqual({
      settled: [],
      send: [],
      parameterGroupWanted: false,
    });
  });
});

describe("refusal", () => {
  it.each([
    [DEBIAN_REFUSAL, "unsupported"],
    ["NOPERM User checker has no permissions to run the 'config|set' command", "no-permission"],
    ["ERR unknown command 'CONFIG', with args beginning with: 'SET' 'activedefrag' 'yes' ", "command-unavailable"],
    ["ERR something else went wrong", "failed"],
  ])("%s -> %s", (message, outcome) => {
    expect(refusal(message)).toBe(outcome);
  });

  it("names the parameter group when CONFIG is unavailable", () => {
    const planned = { action: "ENABLE_ACTIVEDEFRAG" as const, command: DEFRAG_COMMAND, reason: "r" };
    const group = { service: "elasticache" as const, name: "redis7-defrag" };
    expect(refusedAction(planned, "ERR unknown command 'CONFIG'", { parameterGroup: group }).nextStep).toMatch(
      /parameter group redis7-defrag/,
    );
  });
});

describe("parseDefragConfig", () => {
  it("reads the CONFIG GET *defrag* reply", () => {
    expect(
      parseDefragConfig([
        "activedefrag",
        "yes",
        "active-defrag-ignore-bytes",
        "104857600",
        "active-defrag-threshold-lower",
        "10",
      ]),
    ).toEqual({
      activedefrag: true,
      ignoreBytes: 104857600,
      thresholdLowerPercent: 10,
      source: "config",
    });
    expect(parseDefragConfig([])).toEqual({
      activedefrag: undefined,
      ignoreBytes: undefined,
      thresholdLowerPercent: undefined,
      source: "config",
    });
  });
});
