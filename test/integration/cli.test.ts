import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fill } from "../../scripts/lib/fragment.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { runCli } from "../support/capture.js";
import { FakeRedis } from "../support/fakeRedis.js";
import { editedInfo } from "../support/fixtures.js";

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, "..", "..", "dist", "cli.cjs");

/** The bundled bin (dist/cli.cjs) in its own process: the real exit code and output. */
async function cliProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A --config file of this text (a string as is, anything else as JSON). */
function configFile(name: string, content: unknown): string {
  const path = join(tmpdir(), `rmc-${name}-${process.pid}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}
let ok: RedisServer;
let warn: RedisServer;
let closed: number;

beforeAll(async () => {
  [ok, warn] = await Promise.all([
    RedisServer.start(),
    RedisServer.start({ config: ["maxmemory 16mb", "maxmemory-policy allkeys-lru"] }),
  ]);
  const c = warn.client();
  await fill(c, 20 * 1024 * 1024, 1000);
  c.disconnect();
  closed = await freePort();
});
afterAll(async () => {
  await Promise.all([ok?.stop(), warn?.stop()]);
});

describe("redis-memory-checker CLI", () => {
  it("exit codes follow the monitoring-plugin convention: worst over all endpoints", async () => {
    expect((await runCli([ok.url])).code).toBe(0);
    expect((await runCli([ok.url, warn.url])).code).toBe(1);
    expect((await runCli([ok.url, `redis://127.0.0.1:${closed}`, "--connect-timeout", "500"])).code).toBe(3);
  });

  it("prints a table and the findings for people", async () => {
    const { stdout } = await runCli([warn.url]);
    expect(stdout).toMatch(/^redis-memory-checker .*: WARNING/);
    expect(stdout).toMatch(/node\s+role\s+server\s+slots\/master\s+status\s+used\s+rss/);
    expect(stdout).toMatch(/WARNING MAXMEMORY_PRESSURE: .* allkeys-lru, Redis evicts keys/);
    expect(stdout).toMatch(/next: /);
  });

  it("--format nagios and prometheus on real servers, with the same exit codes and nothing on stderr", async () => {
    const nagios = await runCli([ok.url, warn.url, "--format", "nagios"]);
    expect(nagios.code).toBe(1);
    const [first = ""] = nagios.stdout.split("\n");
    expect(first).toMatch(new RegExp(`^WARNING - 1 of 2 nodes warning: 127\\.0\\.0\\.1:${warn.port} MAXMEMORY_PRESSURE`));
    // allkeys-lru: a full cache evicts and stays WARNING, so no critical level is drawn.
    expect(first).toMatch(new RegExp(`'maxmemory_used_127\\.0\\.0\\.1:${warn.port}'=[\\d.]+%;80;;0;100`));
    expect(nagios.stderr).toBe("");
    const prom = await runCli([ok.url, "--format", "prometheus"]);
    expect(prom.code).toBe(0);
    expect(prom.stdout).toContain(
      `redis_memory_checker_status{endpoint="127.0.0.1:${ok.port}",node="127.0.0.1:${ok.port}",role="master"} 0`,
    );
    expect((await runCli([ok.url, "--json", "--format", "nagios"])).code).toBe(64);
  });

  it("--json prints the documented report shape", async () => {
    const { stdout } = await runCli([ok.url, "--json"]);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({ schemaVersion: 2, status: "OK", counts: { OK: 1, WARNING: 0, CRITICAL: 0, UNKNOWN: 0 } });
    expect(report.endpoints[0]).toMatchObject({ name: `127.0.0.1:${ok.port}`, target: ok.url, status: "OK" });
    const node = report.endpoints[0]?.nodes[0];
    expect(node).toMatchObject({ address: `127.0.0.1:${ok.port}`, role: "master", status: "OK" });
    expect(node?.metrics).toMatchObject({ usedMemory: expect.any(Number), fragmentationRatio: expect.any(Number) });
    expect(node?.findings[0]).toMatchObject({
      code: expect.any(String),
      severity: expect.any(String),
      meaning: expect.any(String),
    });
  });

  it("--config reads the Secrets Manager document; a bad field is named, exit 65", async () => {
    const dir = tmpdir();
    const good = join(dir, `rmc-good-${process.pid}.json`);
    const bad = join(dir, `rmc-bad-${process.pid}.json`);
    writeFileSync(good, JSON.stringify({ endpoints: [{ name: "cache", host: "127.0.0.1", port: ok.port }] }));
    writeFileSync(bad, JSON.stringify({ endpoints: [{ name: "cache", host: "127.0.0.1", port: "six" }] }));
    const g = await runCli(["--config", good, "--json"]);
    expect(g.code).toBe(0);
    expect((JSON.parse(g.stdout) as CheckReport).endpoints[0]?.name).toBe("cache");
    const b = await runCli(["--config", bad]);
    expect(b.code).toBe(65);
    expect(b.stderr).toMatch(/endpoints\[0\]\.port/);
    expect((await runCli(["--config", join(dir, "does-not-exist.json")])).code).toBe(66);
  });

  it("usage errors exit 64", async () => {
    expect((await runCli(["--remediate", "maybe"])).code).toBe(64);
    expect((await runCli(["--bogus"])).code).toBe(64);
    expect((await runCli(["http://example"])).code).toBe(64);
  });

  it("with no URL it checks redis://127.0.0.1:6379", async () => {
    const { stdout } = await runCli(["--json", "--connect-timeout", "500"]);
    expect((JSON.parse(stdout) as CheckReport).endpoints[0]?.target).toBe("redis://127.0.0.1:6379");
  });

  it("runs as `npm run check` in its own process", async () => {
    const { stdout } = await exec("npm", ["run", "-s", "check", "--", ok.url, "--json"], {
      cwd: join(import.meta.dirname, "..", ".."),
    });
    expect((JSON.parse(stdout) as CheckReport).status).toBe("OK");
  });
});

describe("strict with people's input (issue 21), as a real process", () => {
  it("an endpoint with both url and host is exit 65 naming both, never the host silently checked instead", async () => {
    // The URL names the node under pressure; the host a healthy one, which used to win: exit 0.
    const file = configFile("url-host", {
      endpoints: [{ name: "sessions", url: `redis://127.0.0.1:${warn.port}`, host: "127.0.0.1", port: ok.port }],
    });
    const run = await cliProcess(["--config", file]);
    expect(run.code).toBe(65);
    expect(run.stderr).toBe(
      `redis-memory-checker: invalid configuration in ${file}:\n` +
        '  - endpoints[0]: "url" and "host" both name the host: give the URL alone, or host and port without it\n' +
        '  - endpoints[0]: "url" and "port" both set the port: give it in the URL (redis://host:port)\n',
    );
    expect(run.stdout).toBe("");
  });

  it("two endpoints with one name: exit 65 within the file, 64 when a command-line URL takes a name of the file's", async () => {
    const twice = configFile("twice", {
      endpoints: [
        { name: "cache", host: "127.0.0.1", port: ok.port },
        { name: "cache", host: "127.0.0.1", port: warn.port },
      ],
    });
    const inFile = await cliProcess(["--config", twice]);
    expect(inFile.code).toBe(65);
    expect(inFile.stderr).toBe(
      "redis-memory-checker: endpoint names must differ:\n" +
        `  - the name "cache" is given to --config ${twice} endpoints[0] and to --config ${twice} endpoints[1]: alert state and messages key on the name, so give each its own\n`,
    );
    const unnamed = configFile("unnamed", {
      endpoints: [
        { name: "healthy", host: "127.0.0.1", port: ok.port },
        { host: "127.0.0.1", port: warn.port },
      ],
    });
    const withUrl = await cliProcess([ok.url, `redis://checker:hunter2@127.0.0.1:${warn.port}`, "--config", unnamed]);
    expect(withUrl.code).toBe(64);
    expect(withUrl.stderr).toContain(
      `the name "127.0.0.1:${warn.port}" is given to the command line URL 2 and to --config ${unnamed} endpoints[1] (an endpoint without "name" is named by its host and port)`,
    );
    expect(withUrl.stderr).not.toContain("hunter2");
  });

  it("{} says what is missing; a trailing comma gives line and column; a mistyped threshold gets a suggestion", async () => {
    const empty = await cliProcess(["--config", configFile("empty-object", {})]);
    expect(empty.code).toBe(65);
    expect(empty.stderr).toMatch(/ {2}- endpoints: required: a list of at least one endpoint/);
    const comma = await cliProcess([
      "--config",
      configFile("comma", '{\n  "endpoints": [\n    { "url": "redis://checker:hunter2@127.0.0.1:1" },\n  ]\n}\n'),
    ]);
    expect(comma.code).toBe(65);
    expect(comma.stderr).toMatch(
      / {2}- not valid JSON at line 4, column 3: a comma before "\]": JSON allows no trailing comma\n$/,
    );
    expect(comma.stderr).not.toContain("hunter2");
    const threshold = await cliProcess([
      "--config",
      configFile("threshold", { endpoints: [{ url: ok.url, thresholds: { fragmentationRatio: 3 } }] }),
    ]);
    expect(threshold.code).toBe(65);
    expect(threshold.stderr).toContain(
      'endpoints[0].thresholds: unknown key "fragmentationRatio" (did you mean "fragmentationWarningRatio" or "fragmentationCriticalRatio"?)',
    );
  });

  it("with several URLs, the bad one is named by its place, its password hidden: exit 64", async () => {
    const run = await cliProcess([ok.url, "http://checker:hunter2@127.0.0.1:1", warn.url]);
    expect(run.code).toBe(64);
    expect(run.stderr).toBe(
      "redis-memory-checker: URL 2 (http://checker:***@127.0.0.1:1): scheme must be redis:// or rediss://, not http://\n",
    );
    expect(run.stdout).toBe("");
  });

  it("an option given twice is exit 64, not the first one silently dropped", async () => {
    const run = await cliProcess([
      "--config",
      configFile("a", [{ url: ok.url }]),
      "--config",
      configFile("b", [{ url: warn.url }]),
    ]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^redis-memory-checker: --config is given twice: give it once\n/);
  });
});

describe("the command line, strict and quiet", () => {
  it("a closed pipe stops it quietly and keeps the real exit code", async () => {
    const server = await FakeRedis.start({ behavior: "answer", info: editedInfo("fragmented-jemalloc-7.0") });
    try {
      const { stdout } = await exec("bash", ["-c", `node ${CLI} ${server.url} --json | head -2; echo "exit=\${PIPESTATUS[0]}"`]);
      expect(stdout).toMatch(/exit=2$/m);
      expect(stdout).not.toMatch(/EPIPE|Error/);
    } finally {
      await server.stop();
    }
  });

  it("--version prints the name and version", async () => {
    const run = await cliProcess(["--version"]);
    expect(run.stdout).toMatch(/^redis-memory-checker \d+\.\d+\.\d+/);
    expect(run.code).toBe(0);
  });

  it("a typo in --config is exit 65 naming the key; an empty list is exit 65 too", async () => {
    const typo = join(tmpdir(), `rmc-typo-${process.pid}.json`);
    const empty = join(tmpdir(), `rmc-empty-${process.pid}.json`);
    writeFileSync(
      typo,
      JSON.stringify({
        defaults: { remediation: { mode: "on" } },
        endpoints: [{ url: "redis://127.0.0.1:1", remedation: { mode: "off" } }],
      }),
    );
    writeFileSync(empty, JSON.stringify({ endpoints: [] }));
    const t = await runCli(["--config", typo]);
    expect(t.code).toBe(65);
    expect(t.stderr).toMatch(/endpoints\[0\]: unknown key "remedation" \(did you mean "remediation"\?\)/);
    const e = await runCli(["--config", empty]);
    expect(e.code).toBe(65);
    expect(e.stderr).toMatch(/endpoints: lists no endpoints/);
  });
});
