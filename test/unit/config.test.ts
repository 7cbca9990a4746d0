import { describe, expect, it } from "vitest";
import { ConfigError, parseConfigDocument } from "../../lambda/core/settings/config.js";
import { displayTarget, resolveEndpoint } from "../../lambda/core/settings/endpoint.js";
import { redact } from "../../lambda/core/vocabulary/address.js";
import { MiB } from "../../lambda/core/vocabulary/units.js";

const problems = (input: unknown): string[] => {
  try {
    parseConfigDocument(input, "secret prod/redis");
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

describe("parseConfigDocument", () => {
  it("accepts the full document, a bare list and a single endpoint", () => {
    const full = parseConfigDocument(
      { endpoints: [{ name: "a", url: "redis://h:1" }], defaults: { remediation: { mode: "off" }, concurrency: 4 } },
      "x",
    );
    expect(full.endpoints).toHaveLength(1);
    expect(full.defaults.concurrency).toBe(4);
    expect(parseConfigDocument([{ url: "redis://h:1" }, { host: "h2" }], "x").endpoints).toHaveLength(2);
    // ElastiCache's rotated user secret plus host and port: its own extra field is dropped.
    const single = parseConfigDocument(
      JSON.stringify({ username: "checker", password: "pw", user_arn: "arn:aws:elasticache:…", host: "h", port: 6379 }),
      "x",
    );
    expect(single.endpoints[0]?.username).toBe("checker");
  });

  it("names the field and never the value", () => {
    const found = problems({
      endpoints: [
        { name: "a", url: "redis://u:hunter2@h:1" },
        { name: "b", port: "6379" },
      ],
    });
    expect(found.join("\n")).toMatch(/endpoints\[1\]\.port/);
    expect(problems({ endpoints: [{ name: "c" }] }).join()).toMatch(/endpoints\[0\]: needs either url or host/);
    expect(found.join("\n")).not.toMatch(/hunter2/);
  });

  it("rejects a URL with the wrong scheme without echoing it", () => {
    const found = problems([{ url: "http://user:s3cret@h:1" }]);
    expect(found.join()).toMatch(/\[0\]\.url: scheme must be redis:\/\/ or rediss:\/\//);
    expect(found.join()).not.toMatch(/s3cret/);
  });

  it("rejects JSON that does not parse, unknown thresholds and bad modes", () => {
    expect(problems("{not json")).toEqual(["not valid JSON"]);
    expect(problems({ endpoints: [{ url: "redis://h", thresholds: { fragmentationRatioo: 2 } }] }).join()).toMatch(
      /endpoints\[0\]\.thresholds/,
    );
    expect(problems({ endpoints: [{ url: "redis://h", remediation: { mode: "yes" } }] }).join()).toMatch(
      /endpoints\[0\]\.remediation\.mode/,
    );
  });
});

describe("strict with people's input", () => {
  it("an empty endpoint list is an error, in every form, never a silent default", () => {
    expect(problems([])).toEqual(["(document): lists no endpoints: add at least one"]);
    expect(problems({ endpoints: [] })).toEqual(["endpoints: lists no endpoints: add at least one"]);
  });

  it("an unknown key in an endpoint is named, with the key it was probably meant to be", () => {
    const found = problems({
      defaults: { remediation: { mode: "on" } },
      endpoints: [{ name: "cache", url: "redis://h:1", remedation: { mode: "off" } }],
    });
    expect(found).toEqual(['endpoints[0]: unknown key "remedation" (did you mean "remediation"?)']);
    expect(problems({ endpoints: [{ url: "redis://h:1", remediation: { mdoe: "off" } }] })).toEqual([
      'endpoints[0].remediation: unknown key "mdoe" (did you mean "mode"?)',
    ]);
    expect(problems({ endpoints: [{ url: "redis://h:1" }], defualts: {} })).toEqual([
      '(document): unknown key "defualts" (did you mean "defaults"?)',
    ]);
  });

  it("a mistyped top-level key says so, not 'needs either url or host'", () => {
    const found = problems({ endpoint: [{ url: "redis://h:1" }] });
    expect(found).toEqual([
      '(document): unknown key "endpoint" (did you mean "endpoints"?); a document has "endpoints" or "managed" (and "defaults"), or is one endpoint with "url" or "host", or one managed entry',
    ]);
  });

  it("accepts the keys ElastiCache and Secrets Manager rotation put in a secret, and drops them", () => {
    const doc = parseConfigDocument(
      {
        username: "checker",
        password: "pw",
        user_arn: "arn:aws:elasticache:eu-west-1:123456789012:user:checker",
        engine: "redis",
        host: "h",
      },
      "x",
    );
    expect(doc.endpoints[0]).toEqual({ username: "checker", password: "pw", host: "h" });
  });

  it("accepts a UTF-8 byte order mark", () => {
    expect(parseConfigDocument(`\uFEFF${JSON.stringify([{ url: "redis://h:1" }])}`, "x").endpoints).toHaveLength(1);
  });

  it("endpoint names are printable text", () => {
    expect(problems([{ name: "cache\u001b[2J", url: "redis://h:1" }]).join()).toMatch(/\[0\]\.name: must be printable text/);
  });

  it("never echoes a password, even in an unknown key's neighbourhood", () => {
    const found = problems([{ url: "redis://u:hunter2@h:1", pasword: "hunter3" }]);
    expect(found).toEqual(['[0]: unknown key "pasword" (did you mean "password"?)']);
    expect(found.join()).not.toMatch(/hunter/);
  });
});

describe("parseConfigDocument edge cases", () => {
  it("the single-endpoint form keeps its own fields", () => {
    expect(parseConfigDocument({ url: "redis://h:1", cluster: false }, "x").endpoints[0]).toEqual({
      url: "redis://h:1",
      cluster: false,
    });
  });
});

describe("resolveEndpoint", () => {
  it("reads user, password, db and TLS from the URL and keeps the password out of the display", () => {
    const e = resolveEndpoint({ url: "rediss://checker:p%40ss@cache.example:6380/2" });
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

describe("redact", () => {
  it("removes the secrets and any inline URL password", () => {
    expect(redact("WRONGPASS for hunter2 at redis://u:zzz@h:1", ["hunter2"])).toBe("WRONGPASS for *** at redis://u:***@h:1");
    expect(displayTarget({ host: "::1", port: 6379 })).toBe("redis://[::1]:6379");
  });
});
