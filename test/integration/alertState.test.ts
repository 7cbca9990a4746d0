import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoStateStore } from "../../lambda/adapters/aws/stateStore.js";
import { lifecyclePolicy } from "../../lambda/checker/lifecyclePolicy.js";
import type { StateStore } from "../../lambda/checker/ports.js";
import type { AlertItem } from "../../lambda/core/alerting/items.js";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { DynaliteBench } from "../support/dynalite.js";
import { nodeFrom, reportOf } from "../support/reports.js";

const SETTINGS = { consecutive: 1, reminderMs: 6 * 3600_000 };
let bench: DynaliteBench;
let table = 0;

beforeAll(async () => {
  bench = await DynaliteBench.start("unused");
});
afterAll(async () => {
  await bench?.stop();
});

/** A fresh table per test, so tests never see each other's state. */
async function freshStore(now: () => Date): Promise<StateStore> {
  const name = `alert-state-${++table}`;
  await bench.createTable(name);
  return new DynamoStateStore(bench.doc(), name, now);
}

const signal = () => AbortSignal.timeout(5000);
const ALL = { allEndpoints: true };

/** One scheduled run's alert decision: load state, decide, commit. */
async function run(store: StateStore, report: CheckReport, now: Date, mode: "check" | "summary" = "check") {
  const policy = lifecyclePolicy(store, SETTINGS, () => now);
  await policy.prepare?.(signal());
  const selection = await policy.select(report, mode, ALL, signal());
  await selection.commit?.(signal());
  return selection;
}

const critical = () => reportOf([["cache", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")]]);
const healthy = () => reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.1:6379")]]);
const t = (minutes: number) => new Date(Date.parse("2026-11-24T10:00:00Z") + minutes * 60_000);
const kinds = (items: AlertItem[]) => items.map((i) => i.kind);

describe("alert lifecycle on DynamoDB (dynalite)", () => {
  it("fires once, stays quiet, reminds, and resolves with how long it lasted", async () => {
    const store = await freshStore(() => t(0));
    expect(kinds((await run(store, critical(), t(0))).items)).toEqual(["FIRING"]);
    expect(kinds((await run(store, critical(), t(5))).items)).toEqual([]);
    expect(kinds((await run(store, critical(), t(6 * 60))).items)).toEqual(["REMINDER"]);
    expect(kinds((await run(store, critical(), t(6 * 60 + 5))).items)).toEqual([]);
    const resolved = (await run(store, healthy(), t(7 * 60))).items;
    expect(kinds(resolved)).toEqual(["RESOLVED"]);
    expect(resolved[0]?.since).toBe(t(0).toISOString());
    expect(kinds((await run(store, healthy(), t(7 * 60 + 5))).items)).toEqual([]);
  });

  it("does not flap: with two consecutive checks required, a hovering node stays quiet", async () => {
    const store = await freshStore(() => t(0));
    const settings = { consecutive: 2, reminderMs: 6 * 3600_000 };
    const announced: string[] = [];
    const sequence = [critical, healthy, critical, healthy, critical, critical, healthy, critical];
    for (const [i, report] of sequence.entries()) {
      const policy = lifecyclePolicy(store, settings, () => t(i * 5));
      await policy.prepare?.(signal());
      const selection = await policy.select(report(), "check", ALL, signal());
      await selection.commit?.(signal());
      announced.push(...kinds(selection.items));
    }
    expect(announced).toEqual(["FIRING"]);
  });

  it("two overlapping invocations never both send the same alert", async () => {
    const store = await freshStore(() => t(0));
    const a = lifecyclePolicy(store, SETTINGS, () => t(0));
    const b = lifecyclePolicy(store, SETTINGS, () => t(0));
    await Promise.all([a.prepare?.(signal()), b.prepare?.(signal())]);
    const [sa, sb] = await Promise.all([
      a.select(critical(), "check", ALL, signal()),
      b.select(critical(), "check", ALL, signal()),
    ]);
    expect([...sa.items, ...sb.items].map((i) => i.kind)).toEqual(["FIRING"]);
  });

  it("the daily summary goes out once a day, even when all is well", async () => {
    const store = await freshStore(() => t(0));
    const first = await run(store, healthy(), t(0), "summary");
    expect(kinds(first.items)).toEqual(["SUMMARY"]);
    expect((await run(store, healthy(), t(1), "summary")).items).toEqual([]);
    expect(kinds((await run(store, healthy(), t(24 * 60), "summary")).items)).toEqual(["SUMMARY"]);
  });

  it("a failed publish rolls the claim back, so the next run announces it again", async () => {
    const store = await freshStore(() => t(0));
    const policy = lifecyclePolicy(store, SETTINGS, () => t(0));
    await policy.prepare?.(signal());
    const selection = await policy.select(critical(), "check", ALL, signal());
    expect(kinds(selection.items)).toEqual(["FIRING"]);
    await selection.rollback?.(signal());
    expect(kinds((await run(store, critical(), t(5))).items)).toEqual(["FIRING"]);
  });

  it("a node the endpoint stops listing is RESOLVED as no longer reported, and its state is deleted", async () => {
    // Prepare: a cluster endpoint with two nodes, one CRITICAL; then it is replaced by a new address.
    const store = await freshStore(() => t(0));
    const twoNodes = () =>
      reportOf([
        ["cache", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")],
        ["cache", nodeFrom("healthy-7.0", "10.0.0.2:6379")],
      ]);
    const replaced = () => reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.3:6379")]]);
    expect(kinds((await run(store, twoNodes(), t(0))).items)).toEqual(["FIRING"]);

    // Act
    const resolved = (await run(store, replaced(), t(5))).items;

    // Assess
    expect(resolved).toEqual([expect.objectContaining({ kind: "RESOLVED", vanished: true, previousStatus: "CRITICAL" })]);
    expect(resolved[0]?.node.address).toBe("10.0.0.1:6379");
    const left = [...(await store.loadAll(signal())).keys()].sort();
    expect(left).toEqual(["node#cache#10.0.0.3:6379"]);
  });

  it("keeps the states of nodes it could not see: a seed that did not answer, an endpoint left out of the run", async () => {
    const store = await freshStore(() => t(0));
    expect(kinds((await run(store, critical(), t(0))).items)).toEqual(["FIRING"]);
    // The endpoint answered with nothing but an unreachable seed: its node list is not complete.
    const blind = reportOf([["cache", nodeFrom("healthy-7.0", "10.0.0.9:6379")]]);
    (blind.endpoints[0] as { complete?: boolean }).complete = false;
    for (const minute of [5, 10, 15]) {
      const policy = lifecyclePolicy(store, SETTINGS, () => t(minute));
      await policy.prepare?.(signal());
      const selection = await policy.select(blind, "check", { allEndpoints: false }, signal());
      await selection.commit?.(signal());
      expect(selection.items.filter((i) => i.vanished)).toEqual([]);
    }
    expect([...(await store.loadAll(signal())).values()].find((s) => s.address === "10.0.0.1:6379")?.status).toBe("CRITICAL");
  });

  it("if the table cannot be reached, it alerts anyway and says so", async () => {
    const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
    const { DynamoDBDocumentClient } = await import("@aws-sdk/lib-dynamodb");
    const unreachable = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: "http://127.0.0.1:1",
        region: "eu-west-1",
        credentials: { accessKeyId: "x", secretAccessKey: "y" },
        maxAttempts: 1,
      }),
    );
    const store = new DynamoStateStore(unreachable, "alert-state", () => t(0));
    const selection = await run(store, critical(), t(0));
    expect(kinds(selection.items)).toEqual(["FIRING"]);
    expect(selection.stateNote).toMatch(/could not be read .*this may repeat an alert already sent/);
    const summary = await run(store, healthy(), t(0), "summary");
    expect(kinds(summary.items)).toEqual(["SUMMARY"]);
    expect(summary.stateNote).toMatch(/could not be read/);
  });
});
