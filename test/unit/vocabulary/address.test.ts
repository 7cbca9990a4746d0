import { describe, expect, it } from "vitest";
import { displayTarget } from "../../../lambda/core/endpoints/endpoint.js";
import { redact, redactUrl } from "../../../lambda/core/vocabulary/address.js";

describe("redact", () => {
  it("removes the secrets and any inline URL password", () => {
    expect(redact("WRONGPASS for hunter2 at redis://u:zzz@h:1", ["hunter2"])).toBe("WRONGPASS for *** at redis://u:***@h:1");
    expect(displayTarget({ host: "::1", port: 6379 })).toBe("redis://[::1]:6379");
  });
});

describe("redactUrl", () => {
  it("hides the password of a URL as typed, parsed or not, whatever its scheme", () => {
    expect(redactUrl("rediss://checker:hunter2@cache:6380/2")).toBe("rediss://checker:***@cache:6380/2");
    expect(redactUrl("redis://:hunter2@cache")).toBe("redis://:***@cache");
    expect(redactUrl("https://checker:hunter2@cache")).toBe("https://checker:***@cache");
    expect(redactUrl("checker:hunter2@cache:6379")).toBe("checker:***@cache:6379");
    // An @ or / inside an unencoded password: everything up to the last @ goes.
    expect(redactUrl("redis://u:hun@ter/2@cache:1")).toBe("redis://u:***@cache:1");
  });

  it("hides a lone userinfo (token or user?) and whatever follows the host but a database number", () => {
    expect(redactUrl("redis://hunter2@cache")).toBe("redis://***@cache");
    expect(redactUrl("redis://cache:6379?password=hunter2")).toBe("redis://cache:6379?***");
    expect(redactUrl("redis://cache:6379/hunter2")).toBe("redis://cache:6379/***");
    expect(redactUrl("redis://[::1]:6379/0")).toBe("redis://[::1]:6379/0");
  });
});
