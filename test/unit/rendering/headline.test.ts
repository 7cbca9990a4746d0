import { describe, expect, it } from "vitest";
import { alertItemsWithoutState } from "../../../lambda/core/alerting/items.js";
import { composeAlert } from "../../../lambda/core/rendering/message.js";
import { nodeWith, reportOf } from "../../support/reports.js";

describe("Valkey is named Valkey", () => {
  it("in the subject, the SMS and the email", () => {
    const report = reportOf([["sessions", nodeWith("fragmented-valkey-8.1-jemalloc", "10.0.0.1:6379")]]);
    const alert = composeAlert(alertItemsWithoutState(report), report);
    expect(alert?.subject).toMatch(/^CRITICAL: Valkey sessions 10\.0\.0\.1:6379 fragmentation/);
    expect(alert?.sms).toMatch(/^CRITICAL Valkey sessions/);
    expect(alert?.email).toMatch(/ {2}- Valkey 8\.1\.1, allocator jemalloc-5\.3\.0, allocator_frag_ratio 6\.49 \(small bins\)/);
  });
});
