import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../lambda/core/endpoints/config.js";
import { endpointFromUrl, resolveEndpoint } from "../../../lambda/core/endpoints/endpoint.js";
import { MiB } from "../../../lambda/core/vocabulary/units.js";

describe("resolveEndpoint", () => {
  it("reads user, password, db and TLS from the URL and keeps the password out of the display", () => {
    const e = endpointFromUrl("rediss://checker:p%40ss@cache.example:6380/2");
    expect(e.target).toMatchObject({ host: "cache.example", port: 6380, username: "checker", password: "p@ss", db: 2, tls: {} });
    expect(e.display).toBe("rediss://checker@cache.example:6380");
    expect(e.name).toBe("cache.example:6380");
    expect(e.remediation.mode).toBe("dry-run");
  });

  it("merges thresholds: defaults, then the document's defaults, then the endpoint's", () => {
    const e = resolveEndpoint(
      { host: "h", thresholds: { fragmentationWarningRatio: 3 } },
      { thresholds: { fragmentationWarningRatio: 2.5, memoryWarningPercent: 70 } },
    );
    expect(e.thresholds.fragmentationWarningRatio).toBe(3);
    expect(e.thresholds.memoryWarningPercent).toBe(70);
    expect(e.thresholds.fragmentationCriticalMinBytes).toBe(100 * MiB);
  });

  it("a mode override (CLI --remediate, Lambda payload) wins", () => {
    expect(resolveEndpoint({ host: "h", remediation: { mode: "on" } }, {}, { remediate: "off" }).remediation.mode).toBe("off");
  });
});

describe("endpointFromUrl (issue 21)", () => {
  const error = (url: string, label?: string): ConfigError => {
    try {
      endpointFromUrl(url, {}, label);
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error("expected a ConfigError");
  };

  it("a bad URL is named by its place on the command line, its password hidden", () => {
    const e = error("http://checker:hunter2@cache.example:6379", "URL 2");
    expect(e.message).toBe("URL 2 (http://checker:***@cache.example:6379): scheme must be redis:// or rediss://, not http://");
    expect(error("checker:hunter2@cache.example").message).toBe(
      "URL (checker:***@cache.example): must start with redis:// or rediss:// (redis://host:port)",
    );
    expect(error("redis://h:6379?password=hunter2").message).toBe(
      "URL (redis://h:6379?***): a query (?…) or fragment (#…) is not read: remove it",
    );
  });
});
