import { describe, expect, it } from "vitest";
import { DEFAULT_CONCURRENCY, DEFAULT_REMEDIATION_MODE, DEFAULT_TIMEOUTS } from "../../../lambda/core/settings/defaults.js";
import { EnvError, readEnv } from "../../../lambda/core/settings/env.js";

describe("readEnv", () => {
  const base = { ENDPOINTS_SECRET_IDS: "a, b", ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:alerts" };

  it("applies the shared defaults and trims lists", () => {
    const env = readEnv(base);
    expect(env.ENDPOINTS_SECRET_IDS).toEqual(["a", "b"]);
    expect(env.REMEDIATION_MODE).toBe(DEFAULT_REMEDIATION_MODE);
    expect(env.CONNECT_TIMEOUT_MS).toBe(DEFAULT_TIMEOUTS.connectMs);
    expect(env.CONCURRENCY).toBe(DEFAULT_CONCURRENCY);
  });

  it("names each bad variable, never its value", () => {
    const err = (() => {
      try {
        readEnv({ ...base, ALERT_TOPIC_ARN: "s3cret-not-an-arn", CONNECT_TIMEOUT_MS: "5", THRESHOLDS: "{" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(EnvError);
    expect(err?.message).toMatch(/ALERT_TOPIC_ARN/);
    expect(err?.message).toMatch(/CONNECT_TIMEOUT_MS/);
    expect(err?.message).toMatch(/THRESHOLDS/);
    expect(err?.message).not.toContain("s3cret");
  });
});
