import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { SecretsResponder } from "../../scripts/lib/secretsResponder.js";

const ROOT = join(import.meta.dirname, "..", "..");
const DIST = join(ROOT, "dist");
const RECORDER = join(import.meta.dirname, "..", "support", "loadedModules.cjs");
const PASSWORD = "Startup-Passw0rd";

interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Every module file and URL the process loaded (test/support/loadedModules.cjs). */
  loaded: string[];
}

/** The bundled bin (dist/cli.cjs, as the package installs it) in a fresh process, with what it loaded. */
function runBin(args: string[], env: Record<string, string> = {}): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", RECORDER, join(DIST, "cli.cjs"), ...args], {
      env: { PATH: process.env.PATH ?? "", ...env },
      cwd: tmpdir(),
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    const text = ["", "", ""];
    child.stdio.slice(1).forEach((stream, i) => {
      stream?.on("data", (d) => {
        text[i] += d;
      });
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const [stdout = "", stderr = "", loaded = "[]"] = text;
      resolve({ code, stdout, stderr, loaded: JSON.parse(loaded || "[]") as string[] });
    });
  });
}

/** The AWS SDK's own modules (its clients, @smithy and @aws-sdk/core), wherever they resolved from. */
const sdkModules = (run: BinRun) => run.loaded.filter((m) => /[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/]/.test(m));
/** The project's files the process loaded: its dist/ bundles. */
const ownFiles = (run: BinRun) => [...new Set(run.loaded.filter((m) => m.includes(DIST)).map((m) => m.replace(/^.*[\\/]/, "")))];

let server: RedisServer;
let secrets: SecretsResponder;
let secretsUrl: string;
let dir: string;
const awsEnv = () => ({
  AWS_REGION: "eu-west-1",
  AWS_ACCESS_KEY_ID: "AKIDLOOPBACK",
  AWS_SECRET_ACCESS_KEY: "loopback-secret",
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
});

beforeAll(async () => {
  server = await RedisServer.start({ config: [`user checker on >${PASSWORD} ~* +@all`, "user default on nopass ~* +@all"] });
  secrets = new SecretsResponder({ "users/checker": JSON.stringify({ username: "checker", password: PASSWORD }) });
  secretsUrl = await secrets.start();
  dir = mkdtempSync(join(tmpdir(), "rmc-startup-"));
});
afterAll(async () => {
  await Promise.all([server?.stop(), secrets?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the bundled CLI loads only what a run needs", () => {
  it("a plain redis:// URL: no AWS SDK module, not the CLI's AWS side, nothing on stderr", async () => {
    const run = await runBin([server.url]);
    expect(run.stdout).toMatch(/^redis-memory-checker .*: OK/);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(sdkModules(run)).toEqual([]);
    expect(ownFiles(run).sort()).toEqual(["cli-main.cjs", "cli.cjs"]);
  });

  it("`mcp` loads the MCP server's own bundle, and a check never loads it", async () => {
    const run = await runBin(["mcp", "--help"]);
    expect(run.stdout).toMatch(/^Usage: redis-memory-checker mcp /);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(ownFiles(run).sort()).toEqual(["cli-mcp.cjs", "cli.cjs"]);
    expect(sdkModules(run)).toEqual([]);
  });

  it("--version and --help load the bin alone", async () => {
    const version = await runBin(["--version"]);
    expect(version.stdout).toMatch(/^redis-memory-checker \d+\.\d+\.\d+/);
    expect(ownFiles(version)).toEqual(["cli.cjs"]);
    const help = await runBin(["-h"]);
    expect(help.stdout).toMatch(/^Usage: redis-memory-checker/);
    expect(ownFiles(help)).toEqual(["cli.cjs"]);
    expect([version.stderr, help.stderr, version.code, help.code]).toEqual(["", "", 0, 0]);
    // With anything else beside it, the checker's parser decides, as it always has.
    const usage = await runBin(["--version", "--bogus"]);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/Unknown option '--bogus'/);
  });

  it("a document naming a credentials secret loads the AWS side, reads the secret and checks with it", async () => {
    const file = join(dir, "secret.json");
    writeFileSync(
      file,
      JSON.stringify({
        endpoints: [{ name: "with-secret", host: "127.0.0.1", port: server.port, credentialsSecret: "users/checker" }],
      }),
    );
    const run = await runBin(["--config", file, "--json"], awsEnv());
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.endpoints.map((e) => [e.name, e.status])).toEqual([["with-secret", "OK"]]);
    expect(secrets.requests).toEqual(["secretsmanager.GetSecretValue users/checker"]);
    expect(ownFiles(run).sort()).toEqual(["cli-aws.cjs", "cli-main.cjs", "cli.cjs"]);
    // The recorder sees the SDK when it is loaded: the plain run's empty list above is no blind spot.
    expect(sdkModules(run).some((m) => /client-secrets-manager/.test(m))).toBe(true);
  });

  it("a managed entry lists with the service's SDK client, and loads no Secrets Manager client it does not use", async () => {
    const file = join(dir, "managed.json");
    writeFileSync(file, JSON.stringify({ elasticache: { replicationGroups: ["sessions-prod"] }, region: "eu-west-1" }));
    const run = await runBin(["--config", file, "--json"], {
      ...awsEnv(),
      // Nothing listens there: the listing fails, with the SDK's own reason.
      AWS_ENDPOINT_URL_ELASTICACHE: `http://127.0.0.1:${await freePort()}`,
    });
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(run.code).toBe(3);
    expect(report.endpoints[0]?.error).toMatchObject({
      code: "DISCOVERY_FAILED",
      message: expect.stringMatching(/listing failed/),
    });
    expect(sdkModules(run).some((m) => /client-elasticache/.test(m))).toBe(true);
    expect(sdkModules(run).filter((m) => /client-secrets-manager/.test(m))).toEqual([]);
  });
});
