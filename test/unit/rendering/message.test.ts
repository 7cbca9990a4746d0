import { describe, expect, it } from "vitest";
import { alertItemsWithoutState } from "../../../lambda/core/alerting/items.js";
import { composeAlert, SNS_MESSAGE_MAX_BYTES, snsMessage } from "../../../lambda/core/rendering/message.js";
import { SMS_MAX } from "../../../lambda/core/rendering/sms.js";
import { SUBJECT_MAX } from "../../../lambda/core/rendering/subject.js";
import type { NodeReport } from "../../../lambda/core/report/report.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

describe("composeAlert", () => {
  it("says nothing when all is well", () => {
    const report = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
    expect(alertItemsWithoutState(report)).toEqual([]);
    expect(composeAlert([], report)).toBeUndefined();
  });

  it("email: what was measured, what it means, what was done, what next, the dashboard and the request id", () => {
    const report = reportOf([
      ["sessions-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.1.12:6379")],
      ["cache-prod", nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.1.13:6379")],
      ["healthy", nodeFrom("healthy-7.0", "10.0.1.14:6379")],
    ]);
    const alert = composeAlert(alertItemsWithoutState(report), report, {
      dashboardUrl: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=x",
      requestId: "c6af9ac6-7b61",
    });
    expect(alert?.email).toMatch(/== CRITICAL: sessions-prod, node 10\.0\.1\.12:6379 \(master\)/);
    expect(alert?.email).toMatch(/What was measured:\n {2}- mem_fragmentation_ratio 10\.02/);
    expect(alert?.email).toMatch(/What it means:\n {2}- CRITICAL FRAGMENTATION_HIGH \(threshold 4\)/);
    expect(alert?.email).toMatch(/What was done:\n {2}- nothing/);
    expect(alert?.email).toMatch(/What to do next:\n {2}- Enable active defrag/);
    expect(alert?.email).toMatch(/Runbook:/);
    expect(alert?.email).toMatch(/Dashboard: https:\/\/console/);
    expect(alert?.email).toMatch(/Complete report: .*request id c6af9ac6-7b61/);
    expect(alert?.email).not.toMatch(/== OK: healthy/);
    expect(alert?.attributes).toEqual({
      severity: "CRITICAL",
      endpoint: "sessions-prod",
      status: "FIRING",
      endpoints: ["sessions-prod", "cache-prod"],
    });
  });

  it("sends the email text once: `default` serves email; `sms` and Chatbot's `https` card are short", () => {
    const report = reportOf([["cache", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")]]);
    const message = snsMessage(
      composeAlert(alertItemsWithoutState(report), report) as NonNullable<ReturnType<typeof composeAlert>>,
    );
    const structure = JSON.parse(message.Message);
    expect(Object.keys(structure)).toEqual(["default", "sms", "https"]);
    expect(structure.https).not.toContain(structure.default.slice(0, 200));
  });

  it("subject and SMS fit SNS's limits, whatever the number of nodes", () => {
    const many: Array<[string, NodeReport]> = Array.from({ length: 40 }, (_, i) => [
      `an-endpoint-with-a-long-name-${i}`,
      nodeFrom("fragmented-jemalloc-7.0", `ip-10-0-1-${i}.eu-west-1.compute.internal:6379`),
    ]);
    const report = reportOf(many);
    const alert = composeAlert(alertItemsWithoutState(report), report);
    expect(alert?.subject.length).toBeLessThan(SUBJECT_MAX);
    expect(alert?.subject).toMatch(/^CRITICAL: Redis an-endpoint-with-a-long-name-0 .*\(\+39 more\)$/);
    expect(alert?.sms.length).toBeLessThanOrEqual(SMS_MAX);
    expect(alert?.sms).toMatch(/^CRITICAL Redis .* \+\d+ more$/);
    expect(alert?.subject).toMatch(/^[\x20-\x7E]+$/);
  });
});

describe("a message that always fits", () => {
  // Its 10,000-node cases are in the scale project: test/scale/rendering/message.test.ts.
  it("1,000 CRITICAL nodes: one message under the limit, worst first", () => {
    const nodes: Array<[string, NodeReport]> = Array.from({ length: 1000 }, (_, i) => [
      `sessions-${i}`,
      nodeFrom(i === 999 ? "maxmemory-allkeys-lru-7.0" : "fragmented-jemalloc-7.0", `10.1.${i >> 8}.${i & 255}:6379`),
    ]);
    const report = reportOf(nodes);
    const alert = composeAlert(alertItemsWithoutState(report), report) as NonNullable<ReturnType<typeof composeAlert>>;
    expect(snsMessage(alert).bytes).toBeLessThan(SNS_MESSAGE_MAX_BYTES);
    expect(alert.email).toMatch(/^== CRITICAL: sessions-0, node/m);
    expect(alert.email).toMatch(/CRITICAL x\d+: FRAGMENTATION_HIGH x\d+/);
    expect(alert.email).toMatch(/WARNING x1: MAXMEMORY_PRESSURE x1/);
  });
});
