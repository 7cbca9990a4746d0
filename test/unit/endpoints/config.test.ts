import { describe, expect, it } from "vitest";
import { ConfigError, entryPlace, parseConfigDocument } from "../../../lambda/core/endpoints/config.js";

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

  it("rejects unknown thresholds and bad modes", () => {
    expect(problems({ endpoints: [{ url: "redis://h", thresholds: { fragmentationRatioo: 2 } }] }).join()).toMatch(
      /endpoints\[0\]\.thresholds/,
    );
    expect(problems({ endpoints: [{ url: "redis://h", remediation: { mode: "yes" } }] }).join()).toMatch(
      /endpoints\[0\]\.remediation\.mode/,
    );
  });

  it("the single-endpoint form keeps its own fields", () => {
    expect(parseConfigDocument({ url: "redis://h:1", cluster: false }, "x").endpoints[0]).toEqual({
      url: new URL("redis://h:1"),
      cluster: false,
    });
  });

  it("says how the document was written, so an entry's place can be named", () => {
    const doc = parseConfigDocument({ endpoints: [{ url: "redis://h:1" }], managed: [{ elasticache: "all" }] }, "x");
    expect([entryPlace(doc, "endpoints", 0), entryPlace(doc, "managed", 0)]).toEqual(["endpoints[0]", "managed[0]"]);
    expect(entryPlace(parseConfigDocument([{ host: "a" }, { host: "b" }], "x"), "endpoints", 1)).toBe("[1]");
    expect(entryPlace(parseConfigDocument({ host: "a" }, "x"), "endpoints", 0)).toBe("(document)");
    expect(entryPlace(parseConfigDocument({ memorydb: "all" }, "x"), "managed", 0)).toBe("(document)");
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

describe("conflicting fields are an error naming both (issue 21)", () => {
  it("url and host: the node the URL names is never silently replaced by the host", () => {
    expect(problems({ endpoints: [{ name: "sessions", url: "redis://critical.example:6379", host: "other.example" }] })).toEqual([
      'endpoints[0]: "url" and "host" both name the host: give the URL alone, or host and port without it',
    ]);
  });

  it("url against port, username, password, db and tls, each named, no value echoed", () => {
    const found = problems([
      { url: "redis://u:hunter2@h:1/2", port: 6380, username: "other", password: "hunter3", db: 3 },
      { url: "rediss://h:1", tls: false },
      { url: "redis://h:1", tls: { ca: "PEM" } },
      { url: "redis://h:1", tls: true },
    ]);
    expect(found).toEqual([
      '[0]: "url" and "port" both set the port: give it in the URL (redis://host:port)',
      '[0]: "url" and "username" both give a username: keep one',
      '[0]: "url" and "password" both give a password: keep one',
      '[0]: "url" and "db" both choose the database: keep one',
      '[1]: "url" asks for TLS (rediss://) and "tls" is false: use redis:// for a plain connection',
      '[2]: "url" asks for no TLS (redis://) and "tls" asks for TLS: use rediss://',
      '[3]: "url" asks for no TLS (redis://) and "tls" asks for TLS: use rediss://',
    ]);
    expect(found.join()).not.toMatch(/hunter/);
  });

  it("what only adds to the URL is no conflict: a password beside a URL without one, TLS options beside rediss://", () => {
    const doc = parseConfigDocument(
      [
        { url: "rediss://cache.example:6380", username: "checker", password: "pw", tls: { ca: "PEM", servername: "cache" } },
        { url: "redis://h:1", tls: false, db: 2 },
        { url: "rediss://h:2", tls: true },
      ],
      "x",
    );
    expect(doc.endpoints).toHaveLength(3);
  });

  it("a conflict is reported beside the entry's other problems, in one pass", () => {
    expect(problems({ endpoints: [{ url: "redis://h:1", host: "x", port: "6379" }] })).toEqual([
      "endpoints[0].port: Invalid input: expected number, received string",
      'endpoints[0]: "url" and "host" both name the host: give the URL alone, or host and port without it',
      'endpoints[0]: "url" and "port" both set the port: give it in the URL (redis://host:port)',
    ]);
  });

  it("a credentials secret and a password given beside it, in endpoints and managed entries", () => {
    expect(
      problems([
        { host: "h", credentialsSecret: "users/checker", password: "pw" },
        { url: "redis://:pw@h:1", credentialsSecret: "users/checker" },
      ]),
    ).toEqual([
      '[0]: "credentialsSecret" and "password" both give the password: keep one',
      '[1]: "credentialsSecret" and the password in "url" both give the password: keep one',
    ]);
    expect(problems({ managed: [{ elasticache: "all", credentialsSecret: "users/checker", password: "pw" }] })).toEqual([
      'managed[0]: "credentialsSecret" and "password" both give the password: keep one',
    ]);
  });
});

describe("every rejection has a reason (issue 21)", () => {
  it("{} says what is missing, as the schema has it", () => {
    const required =
      'endpoints: required: a list of at least one endpoint ({"url": …} or {"host": …}), unless "managed" lists managed resources';
    expect(problems({})).toEqual([required]);
    expect(problems("{}")).toEqual([required]);
    expect(problems({ defaults: { concurrency: 4 } })).toEqual([required]);
  });

  it("a document that is not an object or a list says what it is and what is expected", () => {
    for (const input of [null, 42, true, '"text"']) {
      expect(problems(input)).toEqual([expect.stringMatching(/^\(document\): (null|number|boolean|text), where a document has/)]);
    }
  });

  it("a union says what it accepts instead of 'Invalid input'", () => {
    expect(
      problems({
        endpoints: [{ url: "rediss://h:1", tls: "yes", cluster: "yes" }],
        managed: [{ elasticache: "some" }],
      }),
    ).toEqual([
      'endpoints[0].tls: expected true, false or an object with "ca", "cert", "key", "servername", "rejectUnauthorized"',
      'endpoints[0].cluster: expected true, false or "auto"',
      'managed[0].elasticache: expected "all" or an object with "replicationGroups", "cacheClusters"',
    ]);
  });

  it("a missing required field says 'required' and what it takes", () => {
    expect(problems([{ host: "h", remediation: { parameterGroup: { region: "eu-west-1" } } }])).toEqual([
      "[0].remediation.parameterGroup.name: required: text",
    ]);
    expect(problems({ managed: [{ memorydb: {} }] })).toEqual(["managed[0].memorydb.clusters: required: a list"]);
  });

  it("a sweep of bad documents: every line is `place: reason`, none is empty or a bare 'Invalid input'", () => {
    const bad: unknown[] = [
      {},
      [],
      [1],
      [{}],
      null,
      "",
      "[1,2,]",
      { endpoints: {} },
      { endpoints: [{ url: 5 }] },
      { endpoints: [{ url: "redis://h", tls: [] }] },
      { endpoints: [{ host: "h", remediation: { parameterGroup: 5 } }] },
      { managed: [{}] },
      { managed: [{ elasticache: "all", memorydb: "all" }] },
      { managed: [{ elasticacheServerless: { caches: [] } }] },
      { defaults: { concurrency: 0 }, endpoints: [{ host: "h" }] },
    ];
    for (const input of bad) {
      const found = problems(input);
      expect(found.length, JSON.stringify(input)).toBeGreaterThan(0);
      for (const line of found) {
        expect(line, JSON.stringify(input)).toMatch(/^(\(document\)|[\w[\].]+|not valid JSON at line \d+, column \d+): \S/);
        expect(line, JSON.stringify(input)).not.toMatch(/: Invalid input$/);
      }
    }
  });
});

describe("JSON mistakes give the line and column, never the text (issue 21)", () => {
  it("a trailing comma", () => {
    const text = `{\n  "endpoints": [\n    { "url": "redis://u:hunter2@h:6379" },\n  ]\n}\n`;
    const found = problems(text);
    expect(found).toEqual(['not valid JSON at line 4, column 3: a comma before "]": JSON allows no trailing comma']);
    expect(found.join()).not.toMatch(/hunter2/);
    expect(problems('{"endpoints": [{"url": "redis://h:1",}]}')).toEqual([
      'not valid JSON at line 1, column 38: a comma before "}": JSON allows no trailing comma',
    ]);
  });

  it("other mistakes, a byte order mark not counted", () => {
    expect(problems("{not json")).toEqual(["not valid JSON at line 1, column 2: expected a property name in double quotes"]);
    expect(problems('\uFEFF{"endpoints": [{"password": hunter2}]}')).toEqual([
      expect.stringMatching(/^not valid JSON at line 1, column 29: expected a value/),
    ]);
    expect(problems("")).toEqual(["not valid JSON at line 1, column 1: the document is empty"]);
  });
});

describe('"did you mean" at every level (issue 21)', () => {
  it("thresholds: a near miss, and a key made of a threshold's words", () => {
    expect(problems({ endpoints: [{ url: "redis://h", thresholds: { fragmentationRatioo: 2 } }] })).toEqual([
      'endpoints[0].thresholds: unknown key "fragmentationRatioo" (did you mean "fragmentationWarningRatio" or "fragmentationCriticalRatio"?)',
    ]);
    expect(problems({ defaults: { thresholds: { memoryWarningPercnt: 90 } }, endpoints: [{ host: "h" }] })).toEqual([
      'defaults.thresholds: unknown key "memoryWarningPercnt" (did you mean "memoryWarningPercent"?)',
    ]);
    expect(problems({ managed: [{ memorydb: "all", thresholds: { peak_ratio: 2 } }] })).toEqual([
      'managed[0].thresholds: unknown key "peak_ratio" (did you mean "peakRatio"?)',
    ]);
  });

  it("tls, remediation and its parameter group, timeouts, defaults, managed entries and their selections", () => {
    expect(
      problems({
        defaults: { remediaton: { mode: "off" }, timeouts: { conectMs: 100 } },
        endpoints: [
          {
            url: "rediss://h:1",
            tls: { servrname: "h" },
            remediation: { prge: true, parameterGroup: { name: "g", servce: "memorydb" } },
            timeouts: { command_ms: 100 },
          },
        ],
        managed: [{ elasticache: { replicationGroup: ["sessions"] }, raed: "auto" }, { memorydb: { cluster: ["orders"] } }],
      }),
    ).toEqual([
      'endpoints[0].tls: unknown key "servrname" (did you mean "servername"?)',
      'endpoints[0].remediation.parameterGroup: unknown key "servce" (did you mean "service"?)',
      'endpoints[0].remediation: unknown key "prge" (did you mean "purge"?)',
      'endpoints[0].timeouts: unknown key "command_ms" (did you mean "commandMs"?)',
      'managed[0].elasticache: unknown key "replicationGroup" (did you mean "replicationGroups"?)',
      'managed[0]: unknown key "raed" (did you mean "read"?)',
      "managed[1].memorydb.clusters: required: a list",
      'managed[1].memorydb: unknown key "cluster" (did you mean "clusters"?)',
      'defaults.timeouts: unknown key "conectMs" (did you mean "connectMs"?)',
      'defaults: unknown key "remediaton" (did you mean "remediation"?)',
    ]);
  });

  it("no suggestion when nothing is close", () => {
    expect(problems([{ host: "h", thresholds: { colour: 1 } }])).toEqual(['[0].thresholds: unknown key "colour"']);
  });
});

describe("a URL says what it cannot be, never echoing it (issue 21)", () => {
  it("port 0, a path that is not a database, a query", () => {
    const found = problems([{ url: "redis://u:hunter2@h:0/secret?password=hunter3" }, { url: "redis:///0" }]);
    expect(found).toEqual([
      "[0].url: port must be from 1 to 65535",
      "[0].url: its path can only be a database number (/0, /1…)",
      "[0].url: a query (?…) or fragment (#…) is not read: remove it",
      "[1].url: names no host (expected redis://host:port)",
    ]);
    expect(found.join()).not.toMatch(/hunter|secret\b/);
  });
});
