import { describe, expect, it } from "vitest";
import { MiB } from "../../../lambda/core/vocabulary/units.js";
import { codes, facts, finding, run } from "../../support/evaluate.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

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
