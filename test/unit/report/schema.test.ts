import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { RedisAccess } from "../../../lambda/checker/ports.js";
import { runCheck } from "../../../lambda/checker/runCheck.js";
import { endpointFromUrl } from "../../../lambda/core/endpoints/endpoint.js";
import { formatJson } from "../../../lambda/core/rendering/json.js";
import { CheckReportSchema } from "../../../lambda/core/report/schema.js";
import { fixtureDoctor, fixtureText } from "../../support/fixtures.js";

const CAPTURES = readdirSync(join(import.meta.dirname, "..", "..", "fixtures"))
  .filter((f) => f.endsWith(".info"))
  .map((f) => f.replace(/\.info$/, ""));

/** Every node answers one real capture, its MEMORY DOCTOR and defrag off; repairs are accepted. */
const answering = (name: string): RedisAccess => ({
  session: (_target, _timeouts, _signal, use) =>
    use({
      read: async () => ({ info: fixtureText(name), config: ["activedefrag", "no"], doctor: fixtureDoctor(name) }),
      send: async () => "OK",
    }),
});

/**
 * The schema the MCP server declares for its report is checked against report.ts by the compiler (both
 * ways); this checks what a run really produces, as --json prints it, against the schema: no field at run
 * time that the types do not have.
 */
describe("the report's schema (the MCP tools' outputSchema)", () => {
  it.each(CAPTURES)("accepts the report of %s, in dry-run and after a repair", async (name) => {
    for (const remediate of ["dry-run", "on"] as const) {
      const report = await runCheck([endpointFromUrl("redis://10.0.0.1:6379", { remediate })], { redis: answering(name) });
      const parsed = z.safeParse(CheckReportSchema, JSON.parse(formatJson(report)));
      expect(parsed.error?.issues, `${name} ${remediate}`).toBeUndefined();
    }
  });

  it("refuses a field it does not know, and a wrong value", () => {
    const ok = {
      schemaVersion: 2,
      tool: { name: "t", version: "1" },
      startedAt: "",
      finishedAt: "",
      durationMs: 0,
      status: "OK",
    };
    const counts = { OK: 0, WARNING: 0, CRITICAL: 0, UNKNOWN: 0 };
    expect(z.safeParse(CheckReportSchema, { ...ok, counts, endpoints: [] }).success).toBe(true);
    expect(z.safeParse(CheckReportSchema, { ...ok, counts, endpoints: [], extra: 1 }).success).toBe(false);
    expect(z.safeParse(CheckReportSchema, { ...ok, status: "FINE", counts, endpoints: [] }).success).toBe(false);
  });
});
