import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertItemsWithoutState } from "../../lambda/core/alerting/items.js";
import { composeAlert } from "../../lambda/core/rendering/message.js";
import { formatReport } from "../../lambda/core/rendering/terminal.js";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { runCli } from "../support/capture.js";
import { checkDocument } from "../support/check.js";
import { FakeRedis } from "../support/fakeRedis.js";
import { editedInfo } from "../support/fixtures.js";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.cjs");
/** Any control or invisible format character within a line (C0, DEL, C1, bidi overrides): none may reach a person. */
const hasControl = (text: string) => text.split("\n").some((line) => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(line));

const fakes: FakeRedis[] = [];
const fake = async (options: Parameters<typeof FakeRedis.start>[0]) => {
  const f = await FakeRedis.start(options);
  fakes.push(f);
  return f;
};
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
});

interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the report's last byte on stdout to the process's exit. */
  exitAfterReportMs: number;
}

/** Runs the bundled CLI (the package's bin) and times its exit against its report. */
function timedCli(args: string[]): Promise<Timed> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = "";
    let stderr = "";
    let lastOutput = 0;
    child.stdout.on("data", (d) => {
      stdout += d;
      lastOutput = performance.now();
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code, stdout, stderr, exitAfterReportMs: performance.now() - lastOutput }));
  });
}

describe("no hangs, no lingering process", () => {
  it("a server that answers QUIT with +OK and keeps the socket open: the CLI reports and exits", async () => {
    const server = await fake({ behavior: "answer", info: editedInfo("healthy-7.0") });
    const run = await timedCli([server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: OK /);
    expect(run.exitAfterReportMs).toBeLessThan(200);
    expect(server.commands).not.toContain("QUIT");
    expect(server.connections().open).toBe(0);
  });

  it.each([
    ["a closed port", async () => "redis://127.0.0.1:1"],
    ["a server that never answers", async () => (await fake({ behavior: "silent" })).url],
  ])("%s: the process exits within 200 ms of its report", async (_name, url) => {
    const run = await timedCli([await url(), "--command-timeout", "500", "--connect-timeout", "500"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/UNKNOWN/);
    expect(run.exitAfterReportMs).toBeLessThan(200);
  });

  it("a server that trickles its reply is cut off by the command timeout, and its socket is closed", async () => {
    const server = await fake({ behavior: "trickle", info: editedInfo("healthy-7.0"), trickleMs: 20 });
    const report = await check([{ name: "slow", url: server.url, timeouts: { commandMs: 400, connectMs: 400 } }]);
    expect(report.endpoints[0]?.nodes[0]?.error?.code).toBe("TIMEOUT");
    expect(report.endpoints[0]?.durationMs).toBeLessThan(2000);
    expect(server.connections().open).toBe(0);
  });

  it("the concurrency limit bounds the sockets a server sees open at once", async () => {
    const server = await fake({ behavior: "silent" });
    const doc = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, url: server.url }));
    const file = join(tmpdir(), `rmc-conc-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const run = await timedCli(["--config", file, "--concurrency", "4", "--command-timeout", "200", "--connect-timeout", "200"]);
    expect(run.code).toBe(3);
    expect(server.connections().total).toBe(20);
    expect(server.connections().peak).toBeLessThanOrEqual(4);
    expect(server.connections().open).toBe(0);
  });
});

const check = (doc: unknown): Promise<CheckReport> => checkDocument(doc);

describe("what a server says is data", () => {
  const HOSTILE = {
    role: "master\u001b[2J\u001b]0;owned\u0007",
    maxmemory_policy: "noeviction\r\u001b[32m all good, OK\u001b[0m",
    mem_allocator: "jemalloc-5.3.0\u009b31m\u202eevil",
  };

  it("escape sequences in INFO values and error replies never reach the terminal, the email or the SMS", async () => {
    // Prepare: fragmented figures (so an alert is composed) with hostile text in every string field.
    const info = editedInfo("fragmented-jemalloc-7.0", { set: HOSTILE });
    const values = await fake({ behavior: "answer", info });
    const errors = await fake({ behavior: "error", errorText: "ERR \u001b[2J\u001b[1;1Hredis is fine \u0007" });

    // Act
    const report = await check([
      { name: "values", url: values.url },
      { name: "errors", url: errors.url },
    ]);
    const terminal = formatReport(report, { verbose: true });
    const alert = composeAlert(alertItemsWithoutState(report), report);
    const cli = await runCli([values.url, errors.url, "--verbose"]);

    // Assess: nothing a terminal would act on, and the values still visible, escaped.
    for (const text of [terminal, cli.stdout, alert?.email ?? "", alert?.sms ?? "", alert?.subject ?? ""]) {
      expect(hasControl(text), text).toBe(false);
    }
    expect(terminal).toContain("master\\x1b[2J\\x1b]0;owned\\x07");
    expect(alert?.email).toContain("noeviction\\x0d\\x1b[32m all good, OK\\x1b[0m");
    expect(alert?.email).toContain("jemalloc-5.3.0\\x9b31m\\u{202e}evil");
    expect(report.endpoints[1]?.nodes[0]?.error?.message).toContain("ERR \\x1b[2J\\x1b[1;1Hredis is fine \\x07");
    // --json stays valid JSON, and carries the escaped text too.
    const json = await runCli([values.url, "--json"]);
    expect((JSON.parse(json.stdout) as CheckReport).endpoints[0]?.nodes[0]?.role).toBe("master\\x1b[2J\\x1b]0;owned\\x07");
  });

  it("impossible numbers are treated as absent, and the finding says so", async () => {
    const negativeLimit = await fake({
      behavior: "answer",
      info: editedInfo("maxmemory-noeviction-7.0", { set: { maxmemory: "-1", used_memory_rss: "-5" } }),
    });
    const negativeUsed = await fake({ behavior: "answer", info: editedInfo("healthy-7.0", { set: { used_memory: "-5" } }) });
    const report = await check([
      { name: "limit", url: negativeLimit.url },
      { name: "used", url: negativeUsed.url },
    ]);
    const limit = report.endpoints[0]?.nodes[0];
    expect(limit?.findings.map((f) => f.code)).not.toContain("MAXMEMORY_PRESSURE");
    expect(limit?.metrics?.maxmemory).toBeUndefined();
    expect(limit?.metrics?.usedMemoryRss).toBeUndefined();
    expect(limit?.findings.find((f) => f.code === "INFO_FIELD_INVALID")?.meaning).toMatch(/used_memory_rss:-5, maxmemory:-1/);
    expect(limit?.status).not.toBe("CRITICAL");
    const used = report.endpoints[1]?.nodes[0];
    expect(used?.status).toBe("UNKNOWN");
    expect(used?.error?.message).toMatch(/used_memory:-5 is not a byte count a server could report/);
  });
});

describe("a careful guest on the servers it watches", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("a check of a standalone server makes no error replies and sends no command it refuses", async () => {
    // Prepare
    const c = server.client();
    await c.call("CONFIG", "RESETSTAT");

    // Act
    await check([{ name: "standalone", url: server.url }]);

    // Assess: what the server counted.
    const stats = await c.info("everything");
    c.disconnect();
    expect(stats).toMatch(/total_error_replies:0\r\n/);
    expect(stats).not.toMatch(/^errorstat_/m);
    expect(stats).not.toMatch(/cmdstat_cluster/);
    expect(stats).not.toMatch(/cmdstat_quit/);
  });

  it("rediss:// to a plain port names TLS, not a timeout", async () => {
    const report = await check([
      { name: "tls-to-plain", url: `rediss://127.0.0.1:${server.port}`, timeouts: { connectMs: 500 } },
    ]);
    const error = report.endpoints[0]?.nodes[0]?.error;
    expect(error?.code).toBe("TLS_FAILED");
    expect(error?.message).toMatch(/no TLS handshake completed: is it a plain \(non-TLS\) port\? Use redis:\/\//);
  });

  it("IPv6 nodes are written [::1]:port", async () => {
    const v6 = await fake({ behavior: "answer", info: editedInfo("healthy-7.0"), host: "::1" });
    const report = await check([{ url: v6.url }]);
    expect(report.endpoints[0]?.name).toBe(`[::1]:${v6.port}`);
    expect(report.endpoints[0]?.nodes[0]?.address).toBe(`[::1]:${v6.port}`);
    expect(report.endpoints[0]?.status).toBe("OK");
  });
});
