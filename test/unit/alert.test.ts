import { describe, expect, it } from "vitest";
import { type AlertItem, alertItemsWithoutState, composeAlert, SMS_MAX, SUBJECT_MAX } from "../../lambda/core/alert.js";
import type { NodeReport } from "../../lambda/core/report.js";
import { nodeFrom, reportOf } from "../support/reports.js";

describe("composeAlert", () => {
  it("says nothing when all is well", () => {
    const report = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
    expect(alertItemsWithoutState(report)).toEqual([]);
    expect(composeAlert([], report)).toBeUndefined();
  });

  it("email: what was measured, what it means, what was done, what next, and the dashboard", () => {
    const report = reportOf([
      ["sessions-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.1.12:6379")],
      ["cache-prod", nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.1.13:6379")],
      ["healthy", nodeFrom("healthy-7.0", "10.0.1.14:6379")],
    ]);
    const alert = composeAlert(alertItemsWithoutState(report), report, {
      dashboardUrl: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=x",
    });
    expect(alert?.email).toMatch(/== CRITICAL: sessions-prod, node 10\.0\.1\.12:6379 \(master\)/);
    expect(alert?.email).toMatch(/What was measured:\n {2}- mem_fragmentation_ratio 10\.02/);
    expect(alert?.email).toMatch(/What it means:\n {2}- CRITICAL FRAGMENTATION_HIGH \(threshold 4\)/);
    expect(alert?.email).toMatch(/What was done:\n {2}- nothing/);
    expect(alert?.email).toMatch(/What to do next:\n {2}- Enable active defrag/);
    expect(alert?.email).toMatch(/Runbook:/);
    expect(alert?.email).toMatch(/Dashboard: https:\/\/console/);
    expect(alert?.email).not.toMatch(/== OK: healthy/);
    expect(alert?.attributes).toEqual({
      severity: "CRITICAL",
      endpoint: "sessions-prod",
      status: "FIRING",
      endpoints: ["sessions-prod", "cache-prod"],
    });
  });

  it("subject and SMS fit SNS's limits, whatever the number of nodes", () => {
    const many: Array<[string, NodeReport]> = Array.from({ length: 40 }, (_, i) => [
      `an-endpoint-with-a-long-name-${i}`,
      nodeFrom("fragmented-jemalloc-7.0", `ip-10-0-1-${i}.eu-west-1.compute.internal:6379`),
    ]);
    const report = reportOf(many);
    const alert = composeAlert(alertItemsWithoutState(report), report);
    expect(alert?.subject.length).toBeLessThan(SUBJECT_MAX);
    expect(alert?.subject).toMatch(/^CRITICAL: Redis an-endpoint-with-a-long-name-0/);
    expect(alert?.sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(alert?.sms).toMatch(/^CRITICAL Redis .* \+\d+ more$/);
    expect(alert?.subject).toMatch(/^[\x20-\x7E]+$/);
  });

  it("a resolved node is named as such", () => {
    const report = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
    const node = report.endpoints[0]?.nodes[0] as NodeReport;
    const items: AlertItem[] = [
      { endpoint: "cache", node, kind: "RESOLVED", previousStatus: "CRITICAL", since: "2026-11-24T08:00:00Z" },
    ];
    const alert = composeAlert(items, report);
    expect(alert?.subject).toMatch(/^RESOLVED: Redis cache/);
    expect(alert?.sms).toMatch(/^RESOLVED Redis cache 10\.0\.0\.1:6379 OK again/);
    expect(alert?.email).toMatch(/RESOLVED \(was CRITICAL\)/);
    // Measured to the end of the check, not to when the text was composed.
    expect(alert?.email).toContain("Lasted: 2026-11-24T08:00:00Z (2.0 h).");
    expect(alert?.attributes.status).toBe("RESOLVED");
  });
});
