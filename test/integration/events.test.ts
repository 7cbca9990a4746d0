import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { eventBridgeBus } from "../../lambda/adapters/aws/events.js";
import { alertItemsWithoutState } from "../../lambda/core/alerting/items.js";
import { alertEvents, EVENT_DETAIL_TYPE, EVENT_SOURCE } from "../../lambda/core/rendering/events.js";
import { nodeFrom, reportOf } from "../support/reports.js";

const eventbridge = mockClient(EventBridgeClient);
const report = reportOf(
  Array.from(
    { length: 12 },
    (_, i) => [`cache-${i}`, nodeFrom("fragmented-jemalloc-7.0", `10.0.0.${i}:6379`)] as [string, ReturnType<typeof nodeFrom>],
  ),
);
const events = alertEvents(alertItemsWithoutState(report), report, { dashboardUrl: "https://example.com/d", requestId: "req-7" });

beforeEach(() => {
  eventbridge.reset();
  eventbridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "11710aed-b79e-4468-a20b-bb3c0c3b4860" }] });
});

describe("alert events (EventBridge)", () => {
  it("one event per alerted node: endpoint, node, severity, kind, findings, actions, a dedup key", () => {
    expect(events).toHaveLength(12);
    expect(events[0]).toMatchObject({ source: EVENT_SOURCE, detailType: EVENT_DETAIL_TYPE });
    expect(events[0]?.detail).toMatchObject({
      kind: "FIRING",
      severity: "CRITICAL",
      endpoint: "cache-0",
      node: "10.0.0.0:6379",
      dedupKey: "cache-0/10.0.0.0:6379",
      requestId: "req-7",
      findings: [expect.objectContaining({ code: "FRAGMENTATION_HIGH", severity: "CRITICAL" })],
    });
  });

  it("puts them ten at a time on the named bus, with the documented source and detail-type", async () => {
    await eventBridgeBus("ops-alerts", new EventBridgeClient({ region: "eu-west-1" })).put(events, AbortSignal.timeout(5000));
    expect(eventbridge).toHaveReceivedCommandTimes(PutEventsCommand, 2);
    const first = eventbridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(first).toHaveLength(10);
    expect(first[0]).toMatchObject({
      EventBusName: "ops-alerts",
      Source: "redis-memory-checker",
      DetailType: "Redis Memory Alert",
    });
    expect(JSON.parse(first[0]?.Detail ?? "{}").severity).toBe("CRITICAL");
  });

  it("a refused entry is an error that names the bus's reason", async () => {
    eventbridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "Internal service error" }],
    });
    await expect(
      eventBridgeBus("default", new EventBridgeClient({ region: "eu-west-1" })).put(
        events.slice(0, 1),
        AbortSignal.timeout(5000),
      ),
    ).rejects.toThrow(/refused 1 of 1 events \(InternalFailure: Internal service error\)/);
  });
});
