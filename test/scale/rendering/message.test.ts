import { describe, expect, it } from "vitest";
import { alertItemsWithoutState, summaryItems } from "../../../lambda/core/alerting/items.js";
import { composeAlert, SNS_MESSAGE_MAX_BYTES, snsMessage } from "../../../lambda/core/rendering/message.js";
import { type NodeReport, uncheckedNode } from "../../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

/**
 * composeAlert (core/rendering/message.ts) over 10,000 nodes: the `scale` project, so that the unit layer
 * stays fast. The rest of its tests are in test/unit/rendering/message.test.ts.
 */

const refused = { code: "CONNECTION_REFUSED" as const, message: "connection refused (connect ECONNREFUSED)" };
const timeout = { code: "TIMEOUT" as const, message: "timed out: connect ETIMEDOUT" };

describe("a message that always fits", () => {
  it("10,000 unreachable nodes: the worst in full, the rest grouped with their endpoint names, under SNS's limit", () => {
    // Prepare: a big outage, every endpoint refusing connections.
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 10_000 }, (_, i) => [
      `cache-${String(i).padStart(5, "0")}`,
      uncheckedNode(`cache-${i}`, `10.0.${i >> 8}.${i & 255}:6379`, i % 25 ? refused : timeout, 3),
    ]);
    const report = reportOf(nodes);

    // Act
    const alert = composeAlert(alertItemsWithoutState(report), report, { requestId: "req-1" });
    const message = snsMessage(alert as NonNullable<typeof alert>);

    // Assess
    expect(message.bytes).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
    expect(alert?.shown).toBeGreaterThan(20);
    expect((alert?.shown ?? 0) + (alert?.folded ?? 0)).toBe(10_000);
    expect(alert?.email).toMatch(/== \.\.\. and \d+ more nodes, not shown in full/);
    expect(alert?.email).toMatch(/ {2}- UNKNOWN x\d+: CHECK_FAILED x\d+|UNKNOWN x\d+: CONNECTION_REFUSED x\d+, TIMEOUT x\d+/);
    expect(alert?.email).toMatch(/Endpoints: cache-\d+, cache-\d+.*\.\.\. and \d+ more/);
    expect(alert?.email).toMatch(/request id req-1/);
    expect(alert?.subject).toBe("UNKNOWN: Redis cache-00000 10.0.0.0:6379 unreachable: timed out (+9999 more)");
    expect(alert?.attributes.endpoints).toHaveLength(100);
  });

  it("a daily summary of 10,000 healthy nodes lists what fits and counts the rest", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 10_000 }, (_, i) => [
      `c${i}`,
      nodeFrom("healthy-7.0", `10.2.${i >> 8}.${i & 255}:6379`),
    ]);
    const report = reportOf(nodes);
    const alert = composeAlert(summaryItems(report), report) as NonNullable<ReturnType<typeof composeAlert>>;
    expect(snsMessage(alert).bytes).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
    expect(alert.subject).toBe("Daily summary, OK: 10000 OK, 0 WARNING, 0 CRITICAL, 0 UNKNOWN in 10000 endpoints");
    expect(alert.email).toMatch(/== OK \(10000 nodes\):\n {2}- c0 10\.2\.0\.0:6379 \(master\): ratio/);
    expect(alert.email).toMatch(/OK x\d+: ACTION x\d+|OK x\d+/);
  });
});
