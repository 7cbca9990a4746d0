import { describe, expect, it } from "vitest";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

const findings = (name: string, extra: Partial<NodeFacts> = {}) =>
  evaluate({ memory: snapshotOf(fixtureText(name)), ...extra }, DEFAULT_THRESHOLDS).findings;
const code = (name: string, c: string, extra: Partial<NodeFacts> = {}) => findings(name, extra).find((f) => f.code === c);

describe("the eviction policy against the endpoint's usage", () => {
  it("a cache on noeviction (real capture) is a mismatch with the fix", () => {
    const f = code("maxmemory-noeviction-7.0", "EVICTION_POLICY_MISMATCH", { usage: "cache" });
    expect(f?.meaning).toMatch(/a cache, but its policy is noeviction: a full cache answers writes with OOM errors/);
    expect(f?.nextStep).toMatch(/^CONFIG SET maxmemory-policy allkeys-lru/);
  });
  it("a datastore on allkeys-lru (real capture) is a mismatch: eviction there is data loss", () => {
    expect(code("maxmemory-allkeys-lru-7.0", "EVICTION_POLICY_MISMATCH", { usage: "datastore" })?.meaning).toMatch(/data loss/);
  });
  it("a policy that fits says nothing; without a usage, noeviction is explained for both", () => {
    expect(code("maxmemory-allkeys-lru-7.0", "EVICTION_POLICY_MISMATCH", { usage: "cache" })).toBeUndefined();
    expect(code("maxmemory-noeviction-7.0", "EVICTION_POLICY_MISMATCH", { usage: "datastore" })).toBeUndefined();
    expect(code("maxmemory-noeviction-7.0", "NOEVICTION_POLICY")?.nextStep).toMatch(/"usage": "cache" or "datastore"/);
  });
});
