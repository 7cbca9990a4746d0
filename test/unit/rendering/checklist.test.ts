import { describe, expect, it } from "vitest";
import { alertItemsWithoutState, summaryItems } from "../../../lambda/core/alerting/items.js";
import { composeAlert } from "../../../lambda/core/rendering/message.js";
import { nodeWith, reportOf } from "../../support/reports.js";

describe("the production checklist in the daily summary", () => {
  it("each node needing attention gets the checklist with every fix; healthy nodes name their gaps on their line", () => {
    // Prepare
    const report = reportOf([
      ["sessions", nodeWith("fragmented-valkey-8.1-jemalloc", "10.0.0.1:6379", { defrag: { activedefrag: false } })],
      ["cache", nodeWith("maxmemory-allkeys-lru-7.0", "10.0.0.2:6379", { defrag: { activedefrag: true }, usage: "cache" })],
      ["queue", nodeWith("healthy-redis-8.0-jemalloc", "10.0.0.3:6379", { defrag: { activedefrag: false } })],
    ]);

    // Act
    const email = composeAlert(summaryItems(report), report)?.email ?? "";

    // Assess
    expect(email).toMatch(
      /Production checklist:\n {2}- \[fix\] maxmemory unset: Set maxmemory to about .*CONFIG SET maxmemory \d+.*\n {2}- \[check\] maxmemory-policy noeviction: .*\n {2}- \[fix\] Active defrag is off/,
    );
    expect(email).toMatch(
      /== WARNING: cache, node 10\.0\.0\.2:6379[\s\S]*- \[ok\] maxmemory 64\.0 MiB[\s\S]*- \[ok\] maxmemory-policy allkeys-lru\n {2}- \[ok\] active defrag on/,
    );
    expect(email).toMatch(
      /- queue 10\.0\.0\.3:6379 \(master\): ratio 1\.16, 56\.1 MiB used; checklist: fix maxmemory unset, active defrag off/,
    );
  });

  it("checking alerts (not the summary) carry no checklist", () => {
    const report = reportOf([
      ["sessions", nodeWith("fragmented-valkey-8.1-jemalloc", "10.0.0.1:6379", { defrag: { activedefrag: false } })],
    ]);
    expect(composeAlert(alertItemsWithoutState(report), report)?.email).not.toMatch(/Production checklist/);
  });
});
