import { describe, expect, it } from "vitest";
import { PayloadError, parsePayload } from "../../../lambda/core/settings/payload.js";

describe("parsePayload", () => {
  it("defaults to a notifying check; unwraps an EventBridge envelope", () => {
    expect(parsePayload(undefined)).toEqual({ mode: "check", notify: true });
    expect(parsePayload({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} })).toEqual({
      mode: "check",
      notify: true,
    });
    expect(parsePayload({ mode: "summary" }).mode).toBe("summary");
  });

  it("names the field that is wrong, and refuses unknown keys and empty lists", () => {
    expect(() => parsePayload({ endpoints: "cache" })).toThrow(PayloadError);
    expect(() => parsePayload({ endpoints: [] })).toThrow(/endpoints/);
    expect(() => parsePayload({ remediat: "on" })).toThrow(/remediat/);
    expect(() => parsePayload({ notify: "no" })).toThrow(/notify/);
  });
});

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
