import { describe, expect, it } from "vitest";
import { checkFailed } from "../../../lambda/core/rules/checkFailed.js";
import { evaluate } from "../../../lambda/core/rules/evaluate.js";
import { DEFAULT_THRESHOLDS } from "../../../lambda/core/settings/thresholds.js";
import { fixtureText, snapshotOf } from "../../support/fixtures.js";

const findings = (name: string) => evaluate({ memory: snapshotOf(fixtureText(name)) }, DEFAULT_THRESHOLDS).findings;

describe("CHECK_FAILED", () => {
  it("comes from a failed reading, never from the rules over one that succeeded", () => {
    const f = checkFailed("cache-prod", { code: "TIMEOUT", message: "no reply within 2000 ms" });
    expect(f).toMatchObject({ code: "CHECK_FAILED", severity: "UNKNOWN", measured: "TIMEOUT" });
    expect(f.nextStep).toBeTruthy();
    expect(findings("healthy-7.0").map((x) => x.code)).not.toContain("CHECK_FAILED");
  });
});
