import { describe, expect, it } from "vitest";
import { planBudget } from "../../../lambda/checker/budget.js";
import type { InvocationDeps } from "../../../lambda/checker/invocation.js";
import { runInvocation } from "../../../lambda/checker/invocation.js";
import { parsePayload } from "../../../lambda/core/settings/payload.js";

/** Two secrets as Secrets Manager would give them; every Redis connection refused (no server needed). */
function deps(documents: Record<string, unknown>, warnings: Array<[string, unknown]>): InvocationDeps {
  return {
    redis: {
      session: async () => {
        throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
      },
    },
    secrets: { read: async (secretId) => JSON.stringify(documents[secretId]) },
    publisher: { publish: async () => "m-1" },
    recordMetrics: () => undefined,
    log: { info: () => undefined, warn: (message, extra) => warnings.push([message, extra]) },
  };
}

describe("runInvocation: endpoint names over every secret (issue 21)", () => {
  it("a name in two secrets is one UNKNOWN endpoint naming both places; the other endpoints are still checked", async () => {
    const warnings: Array<[string, unknown]> = [];
    const { report } = await runInvocation(
      { secretIds: ["prod/redis", "team-b/redis"], defaults: {}, concurrency: 4 },
      parsePayload({ notify: false }),
      deps(
        {
          "prod/redis": {
            endpoints: [
              { name: "sessions", host: "127.0.0.1", port: 1 },
              { name: "cache", host: "127.0.0.1", port: 1 },
            ],
          },
          "team-b/redis": [
            { name: "other", host: "127.0.0.1", port: 1 },
            { name: "cache", url: "redis://u:hunter2@127.0.0.1:1" },
          ],
        },
        warnings,
      ),
      planBudget(Date.now(), 20_000, 5000),
    );
    expect(report.endpoints.map((e) => [e.name, e.status])).toEqual([
      ["sessions", "UNKNOWN"],
      ["cache", "UNKNOWN"],
      ["other", "UNKNOWN"],
    ]);
    const cache = report.endpoints[1];
    expect(cache?.error).toEqual({
      code: "CONFIG_INVALID",
      message:
        'the name "cache" is given to secret prod/redis endpoints[1] and to secret team-b/redis [1]: alert state and messages key on the name, so give each its own',
    });
    // The others were tried (refused), the clashing pair never.
    expect(report.endpoints[0]?.nodes[0]?.error?.code).toBe("CONNECTION_REFUSED");
    expect(cache?.nodes).toEqual([]);
    expect(warnings).toContainEqual([
      "endpoint name given twice",
      { endpoint: "cache", places: ["secret prod/redis endpoints[1]", "secret team-b/redis [1]"] },
    ]);
    expect(JSON.stringify(report)).not.toContain("hunter2");
  });
});
