import { describe, expect, it } from "vitest";
import { alertItemsWithoutState } from "../../../lambda/core/alerting/items.js";
import { composeAlert, snsMessage } from "../../../lambda/core/rendering/message.js";
import { nodeFrom, reportOf } from "../../support/reports.js";

describe("the Chatbot custom notification (HTTPS subscribers: Slack, Microsoft Teams)", () => {
  const report = reportOf([
    ["cache-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")],
    ["queue", nodeFrom("maxmemory-allkeys-lru-7.0", "10.0.0.3:6379")],
  ]);
  const alert = composeAlert(alertItemsWithoutState(report), report, {
    dashboardUrl: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=x",
    requestId: "req-1",
  });

  it("follows the custom schema: version, source, content with title, description and next steps", () => {
    const chat = JSON.parse(alert?.chat ?? "{}");
    expect(chat).toMatchObject({ version: "1.0", source: "custom", id: "req-1", content: { textType: "client-markdown" } });
    expect(chat.content.title).toBe(alert?.subject);
    expect(chat.content.description).toMatch(/^\*CRITICAL\* cache-prod `10\.0\.0\.1:6379`: FRAGMENTATION_HIGH/);
    expect(chat.content.nextSteps.join("\n")).toMatch(/activedefrag/);
    expect(chat.content.nextSteps.at(-1)).toMatch(/^Dashboard: https:\/\//);
  });

  it("rides in the SNS message as the https entry, beside the email and the SMS", () => {
    if (!alert) throw new Error("no alert");
    const structure = JSON.parse(snsMessage(alert).Message);
    expect(Object.keys(structure)).toEqual(["default", "sms", "https"]);
    expect(JSON.parse(structure.https).source).toBe("custom");
  });
});
