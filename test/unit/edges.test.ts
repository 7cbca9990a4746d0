import { describe, expect, it } from "vitest";
import { beforeDeadline, Limiter } from "../../lambda/checker/concurrency.js";
import { parseCliArgs, UsageError } from "../../lambda/cli/args.js";
import { parseClusterNodes } from "../../lambda/core/parsing/cluster.js";
import { decideParameterGroup, parameterGroupToRead } from "../../lambda/core/remediation/parameterGroup.js";
import { formatReport } from "../../lambda/core/rendering/terminal.js";
import { DEFAULT_CONCURRENCY, DEFAULT_REMEDIATION_MODE, DEFAULT_TIMEOUTS } from "../../lambda/core/settings/defaults.js";
import type { RemediationOptions } from "../../lambda/core/settings/endpoint.js";
import { EnvError, readEnv } from "../../lambda/core/settings/env.js";
import { PayloadError, parsePayload } from "../../lambda/core/settings/payload.js";
import { nodeFrom, reportOf } from "../support/reports.js";

// Real CLUSTER NODES output of the test cluster (scripts/lib/cluster.ts), Redis 7.0, with one replica
// failing, a node without an address and a handshake entry added as Redis prints them.
const CLUSTER_NODES = [
  "3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e 127.0.0.1:30002@40002,cache-b.example master - 0 1764000000000 2 connected 5461-10922",
  "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@40001 myself,master - 0 1764000000000 1 connected 0-5460",
  "6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@40005 slave 3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e 0 1764000000000 2 connected",
  "824fe116063bc5fcf9f4ffd895bc17aee7731ac3 127.0.0.1:30006@40006 slave,fail e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1764000000000 1 disconnected",
  "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 :0@0 master,noaddr - 0 1764000000000 3 disconnected 10923-16383",
  "292f8b365bb7edb5e285caf0b7e6ddc7265a2f4b 127.0.0.1:30007@40007 handshake - 0 0 0 connected",
  "",
].join("\n");

describe("parseClusterNodes", () => {
  const nodes = parseClusterNodes(CLUSTER_NODES);

  it("lists the reachable nodes with role, master, slots, hostname and health", () => {
    expect(nodes.map((n) => n.port)).toEqual([30002, 30001, 30005, 30006]);
    expect(nodes[0]).toMatchObject({ role: "master", slots: ["5461-10922"], hostname: "cache-b.example", myself: false });
    expect(nodes[1]).toMatchObject({ myself: true, slots: ["0-5460"] });
    expect(nodes[2]).toMatchObject({ role: "replica", masterId: "3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e", connected: true });
    expect(nodes[3]).toMatchObject({ failing: true, connected: false });
  });

  it("reads IPv6 addresses and skips importing/migrating slot markers", () => {
    const [n] = parseClusterNodes(
      "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca [::1]:30001@40001 myself,master - 0 0 1 connected 0-100 [101->-3c3a0c74aae0b56170ccb03a76b60cfe7dc1912e]",
    );
    expect(n).toMatchObject({ host: "::1", port: 30001, slots: ["0-100"] });
  });

  it("a hostname with control characters cannot reach a terminal", () => {
    const [n] = parseClusterNodes("a 10.0.0.1:6379@16379,evil\u001b[2Jhost master - 0 0 1 connected");
    expect(n?.hostname).not.toContain("\u001b");
  });

  it("garbage is no nodes, never an exception", () => {
    expect(parseClusterNodes("ERR unknown command\r\n")).toEqual([]);
  });
});

describe("the parameter-group decision", () => {
  const group = { name: "redis7-defrag", service: "elasticache" as const };
  const opts = (mode: RemediationOptions["mode"], name = group.name): RemediationOptions => ({
    mode,
    purge: false,
    parameterGroup: { ...group, name },
  });

  it("does nothing when off, not needed, or without a group", () => {
    expect(decideParameterGroup(opts("off"), true)).toEqual({ kind: "none" });
    expect(decideParameterGroup(opts("on"), false)).toEqual({ kind: "none" });
    expect(decideParameterGroup({ mode: "on", purge: false }, true)).toEqual({ kind: "none" });
  });

  it("refuses a default group, says already enabled, dry-runs, or calls", () => {
    expect(decideParameterGroup(opts("on", "default.redis7"), true)).toMatchObject({
      kind: "settled",
      result: { outcome: "unsupported" },
    });
    expect(decideParameterGroup(opts("on"), true, "yes")).toMatchObject({
      kind: "settled",
      result: { outcome: "already-enabled" },
    });
    expect(decideParameterGroup(opts("dry-run"), true, "no")).toMatchObject({
      kind: "settled",
      result: { outcome: "dry-run", command: "elasticache:ModifyCacheParameterGroup redis7-defrag activedefrag=yes" },
    });
    expect(decideParameterGroup(opts("on"), true, "no")).toMatchObject({ kind: "call" });
  });

  it("reads a group only when a change could follow", () => {
    expect(parameterGroupToRead(opts("on"), true)).toEqual(group);
    expect(parameterGroupToRead(opts("off"), true)).toBeUndefined();
    expect(parameterGroupToRead(opts("on", "default.redis7"), true)).toBeUndefined();
    expect(parameterGroupToRead(opts("on"), false)).toBeUndefined();
  });
});

describe("parsePayload", () => {
  it("defaults to a notifying check; unwraps an EventBridge envelope", () => {
    expect(parsePayload(undefined)).toEqual({ mode: "check", notify: true });
    expect(parsePayload({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} })).toEqual({
      mode: "check",
      notify: true,
    });
    expect(parsePayload({ mode: "summary" }).mode).toBe("summary");
  });

  it("names the field that is wrong, and refuses unknown keys and empty lists", () => {
    expect(() => parsePayload({ endpoints: "cache" })).toThrow(PayloadError);
    expect(() => parsePayload({ endpoints: [] })).toThrow(/endpoints/);
    expect(() => parsePayload({ remediat: "on" })).toThrow(/remediat/);
    expect(() => parsePayload({ notify: "no" })).toThrow(/notify/);
  });
});

describe("readEnv", () => {
  const base = { ENDPOINTS_SECRET_IDS: "a, b", ALERT_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:alerts" };

  it("applies the shared defaults and trims lists", () => {
    const env = readEnv(base);
    expect(env.ENDPOINTS_SECRET_IDS).toEqual(["a", "b"]);
    expect(env.REMEDIATION_MODE).toBe(DEFAULT_REMEDIATION_MODE);
    expect(env.CONNECT_TIMEOUT_MS).toBe(DEFAULT_TIMEOUTS.connectMs);
    expect(env.CONCURRENCY).toBe(DEFAULT_CONCURRENCY);
  });

  it("names each bad variable, never its value", () => {
    const err = (() => {
      try {
        readEnv({ ...base, ALERT_TOPIC_ARN: "s3cret-not-an-arn", CONNECT_TIMEOUT_MS: "5", THRESHOLDS: "{" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(EnvError);
    expect(err?.message).toMatch(/ALERT_TOPIC_ARN/);
    expect(err?.message).toMatch(/CONNECT_TIMEOUT_MS/);
    expect(err?.message).toMatch(/THRESHOLDS/);
    expect(err?.message).not.toContain("s3cret");
  });
});

describe("parseCliArgs", () => {
  it("reads URLs and options", () => {
    expect(parseCliArgs(["redis://a:1", "--json", "--remediate", "on", "--concurrency", "4"])).toMatchObject({
      urls: ["redis://a:1"],
      json: true,
      remediate: "on",
      concurrency: 4,
    });
  });

  it("refuses unknown flags, bad modes and numbers out of the shared bounds", () => {
    expect(() => parseCliArgs(["--jsn"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--remediate", "always"])).toThrow(/--remediate must be off, dry-run or on/);
    expect(() => parseCliArgs(["--connect-timeout", "5"])).toThrow(/--connect-timeout must be a whole number from 100 to 60000/);
    expect(() => parseCliArgs(["--concurrency", "1e3"])).toThrow(/--concurrency/);
  });
});

describe("Limiter and beforeDeadline", () => {
  it("never runs more than its limit at once", async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          active++;
          most = Math.max(most, active);
          await new Promise((r) => setImmediate(r));
          active--;
        }),
      ),
    );
    expect(most).toBe(3);
  });

  it("frees its slot when a task throws", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limiter.run(async () => "next")).resolves.toBe("next");
  });

  it("gives the work's value before the deadline; after it, aborts the work and gives the fallback", async () => {
    expect(
      await beforeDeadline(
        Date.now() + 1000,
        async () => "done",
        () => "late",
      ),
    ).toBe("done");
    expect(
      await beforeDeadline(
        Date.now() - 1,
        async () => "done",
        () => "late",
      ),
    ).toBe("late");
    let aborted = false;
    const result = await beforeDeadline(
      Date.now() + 20,
      (signal) =>
        new Promise<string>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve("closed");
          });
        }),
      () => "late",
    );
    expect(result).toBe("late");
    expect(aborted).toBe(true);
  });
});

describe("formatReport", () => {
  const report = reportOf([
    ["cache-prod", nodeFrom("fragmented-jemalloc-7.0", "10.0.0.1:6379")],
    ["sessions", nodeFrom("healthy-7.0", "10.0.0.2:6379")],
  ]);

  it("puts the worst endpoint first with what was measured and what to do", () => {
    const text = formatReport(report);
    expect(text.indexOf("cache-prod")).toBeLessThan(text.indexOf("sessions"));
    expect(text).toMatch(/CRITICAL/);
    expect(text).toMatch(/CRITICAL FRAGMENTATION_HIGH: .*ratio/);
    expect(text).toMatch(/next: .*activedefrag/);
  });

  it("keeps healthy nodes short unless verbose", () => {
    const quiet = formatReport(report);
    const verbose = formatReport(report, { verbose: true });
    expect(verbose.length).toBeGreaterThan(quiet.length);
    expect(quiet).not.toContain("NOEVICTION_POLICY");
    expect(verbose).toContain("NOEVICTION_POLICY");
  });
});
