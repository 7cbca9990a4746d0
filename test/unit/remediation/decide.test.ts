import { describe, expect, it } from "vitest";
import type { RemediationOptions } from "../../../lambda/core/endpoints/endpoint.js";
import { refusedAction } from "../../../lambda/core/remediation/decide.js";
import { diagnose } from "../../../lambda/core/remediation/diagnose.js";
import { DEFRAG_COMMAND } from "../../../lambda/core/remediation/plan.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

const on: RemediationOptions = { mode: "on", purge: false };
const facts = (name: string, defrag = { activedefrag: false }): NodeFacts => ({ memory: snapshotOf(fixtureText(name)), defrag });
const decide = (f: NodeFacts, o: RemediationOptions = on) => diagnose(f, DEFAULT_THRESHOLDS, o).decision;

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

describe("refusedAction", () => {
  it("names the parameter group when CONFIG is unavailable", () => {
    const planned = { action: "ENABLE_ACTIVEDEFRAG" as const, command: DEFRAG_COMMAND, reason: "r" };
    const group = { service: "elasticache" as const, name: "redis7-defrag" };
    expect(refusedAction(planned, "ERR unknown command 'CONFIG'", { parameterGroup: group }).nextStep).toMatch(
      /parameter group redis7-defrag/,
    );
  });
});
