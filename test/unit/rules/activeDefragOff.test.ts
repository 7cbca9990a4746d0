import { describe, expect, it } from "vitest";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

const findings = (name: string, extra: Partial<NodeFacts> = {}) =>
  evaluate({ memory: snapshotOf(fixtureText(name)), ...extra }, DEFAULT_THRESHOLDS).findings;
const code = (name: string, c: string, extra: Partial<NodeFacts> = {}) => findings(name, extra).find((f) => f.code === c);

describe("ACTIVE_DEFRAG_OFF", () => {
  it("on a jemalloc build with defrag off: the command that turns it on, and where it is refused", () => {
    const f = code("healthy-redis-8.0-jemalloc", "ACTIVE_DEFRAG_OFF", { defrag: { activedefrag: false } });
    expect(f?.nextStep).toMatch(/^CONFIG SET activedefrag yes, and activedefrag yes in redis\.conf/);
  });
  it("where CONFIG is refused (a managed service): the parameter-group setting", () => {
    expect(code("healthy-7.0", "ACTIVE_DEFRAG_OFF", { configError: "ERR unknown command 'CONFIG'" })?.nextStep).toMatch(
      /custom parameter group/,
    );
  });
  it("off in the parameter group (read there because CONFIG is refused): the group's setting, not CONFIG SET", () => {
    const f = code("healthy-redis-8.0-jemalloc", "ACTIVE_DEFRAG_OFF", {
      configError: "ERR unknown command 'CONFIG'",
      defrag: { activedefrag: false, source: "parameter-group" },
    });
    expect(f?.measured).toBe("no (parameter group)");
    expect(f?.nextStep).toMatch(/^Set activedefrag yes in the cluster's custom parameter group/);
  });
  it("on libc: not available", () => {
    expect(code("healthy-valkey-8.1-libc", "ACTIVE_DEFRAG_OFF")?.meaning).toMatch(/this server uses libc/);
  });
  it("on: nothing to say", () => {
    expect(code("healthy-redis-8.0-jemalloc", "ACTIVE_DEFRAG_OFF", { defrag: { activedefrag: true } })).toBeUndefined();
  });
});
