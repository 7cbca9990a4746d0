import { describe, expect, it } from "vitest";
import type { RedisAccess } from "../../../lambda/checker/ports.js";
import { runCheck } from "../../../lambda/checker/runCheck.js";
import { endpointFromUrl } from "../../../lambda/core/endpoints/endpoint.js";
import { fixtureText } from "../../support/fixtures.js";

/** The captures' host: total_system_memory:25276510208 (23.54 GiB). */
const TOTAL = 25276510208;

describe("a run that checks several nodes on one host", () => {
  /** Every address answers the healthy Redis 7.0 capture (no maxmemory), as a server on loopback would. */
  const redis: RedisAccess = {
    session: (_target, _timeouts, _signal, use) =>
      use({ read: async () => ({ info: fixtureText("healthy-7.0"), config: ["activedefrag", "no"] }), send: async () => "OK" }),
  };

  it("divides the suggested maxmemory among them, across endpoints, and leaves a node alone on its host as it was", async () => {
    const urls = [
      "redis://10.0.0.5:6379",
      "redis://10.0.0.5:6380",
      "redis://10.0.0.5:6381",
      "redis://10.0.0.5:6382",
      "redis://10.0.0.6:6379",
    ];
    const report = await runCheck(
      urls.map((url) => endpointFromUrl(url)),
      { redis },
    );
    const unsetOf = (i: number) => report.endpoints[i]?.nodes[0]?.findings.find((f) => f.code === "MAXMEMORY_UNSET");
    const each = Math.floor(Math.floor(TOTAL * 0.75) / 4);
    for (const i of [0, 1, 2, 3]) {
      expect(unsetOf(i)?.meaning).toMatch(/It shares its host \(10\.0\.0\.5\) with 3 other instances this run checked\.$/);
      expect(unsetOf(i)?.nextStep).toMatch(
        new RegExp(
          `^Set maxmemory to about 4\\.41 GiB: 75% of the host's 23\\.54 GiB, shared by the 4 instances this run checked on 10\\.0\\.0\\.5, .*CONFIG SET maxmemory ${each},`,
        ),
      );
    }
    expect(unsetOf(4)?.nextStep).toMatch(/^Set maxmemory to about 17\.66 GiB \(75% of the host's 23\.54 GiB\)/);
  });
});
