import { describe, expect, it } from "vitest";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import type { NodeFacts } from "../../../lambda/core/rules/facts.js";
import { resolveThresholds, type Thresholds } from "../../../lambda/core/settings/thresholds.js";
import type { FindingCode } from "../../../lambda/core/vocabulary/types.js";
import { MiB } from "../../../lambda/core/vocabulary/units.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

const facts = (name: string, extra: Partial<NodeFacts> = {}): NodeFacts => ({ memory: snapshotOf(fixtureText(name)), ...extra });
const run = (f: NodeFacts, t: Partial<Thresholds> = {}) => evaluate(f, resolveThresholds(t));
const codes = (e: ReturnType<typeof run>) => e.findings.map((f) => f.code);
const finding = (e: ReturnType<typeof run>, code: FindingCode) => e.findings.find((f) => f.code === code);

describe("empty instance", () => {
  it("is OK despite a fragmentation ratio above 7 (real empty Redis 7.0)", () => {
    const m = snapshotOf(fixtureText("empty-7.0"));
    expect(m.fragmentationRatio).toBeGreaterThan(7);
    const e = run({ memory: m });
    expect(e.status).toBe("OK");
    expect(codes(e)).toContain("EMPTY_INSTANCE");
    expect(codes(e)).not.toContain("FRAGMENTATION_HIGH");
  });

  it("explains a high ratio on little memory when the empty rule is lowered", () => {
    const e = run(facts("empty-7.0"), { emptyBelowBytes: 0, doctorMinBytes: 64 * MiB });
    expect(e.status).toBe("OK");
    expect(finding(e, "FRAGMENTATION_SMALL")?.severity).toBe("INFO");
  });

  it("an empty server's baseline RSS stays under the warning floor even without the empty rule", () => {
    const e = run(facts("empty-7.0"), { emptyBelowBytes: 0 });
    expect(e.status).toBe("OK");
    expect(e.findings.find((f) => f.code.startsWith("FRAGMENTATION"))?.severity).toBe("INFO");
  });
});
