import { describe, expect, it } from "vitest";
import { parsePayload } from "../../../lambda/core/settings/payload.js";

describe("parsePayload (issue 21)", () => {
  it("a mistyped key of a manual invocation gets the key it was meant to be", () => {
    expect(() => parsePayload({ endpoint: ["sessions-prod"], remediat: "on" })).toThrow(
      'invalid payload: (payload): unknown key "endpoint" (did you mean "endpoints"?); (payload): unknown key "remediat" (did you mean "remediate"?)',
    );
  });

  it("a bad value is named with its reason", () => {
    expect(() => parsePayload({ endpoints: "sessions-prod" })).toThrow(/invalid payload: endpoints: .*expected array/);
  });
});
