import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisServer } from "../../scripts/lib/redisServer.js";

const ROOT = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
let dir: string;
let server: RedisServer;

/**
 * The package as a team meets it: `npm pack`, installed into an empty directory, its bin run against a real
 * Redis, and its construct imported by a tiny CDK app that synthesises offline. The app brings its own CDK
 * (a peer dependency), linked from this checkout so the test needs no download of it.
 */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rmc-package-"));
  server = await RedisServer.start();
  // dist/ was built by the global setup; packing must not rebuild it.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error("npm pack produced nothing");
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "team-app", private: true, type: "module" }));
  await run("npm", ["install", join(dir, packed.filename), "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
    cwd: app,
    maxBuffer: 1 << 24,
  });
  for (const peer of ["aws-cdk-lib", "constructs"])
    symlinkSync(join(ROOT, "node_modules", peer), join(app, "node_modules", peer), "dir");
}, 300_000);

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the installable package", () => {
  it("ships the bundles and the construct, not the sources, tests or package-lock", () => {
    const files = readdirSync(join(dir, "app", "node_modules", "redis-memory-checker", "dist"), { recursive: true }).map(String);
    // The bin loads its siblings on demand (cli-aws.cjs only for runs that call AWS): all of them ship.
    expect(files).toEqual(
      expect.arrayContaining([
        "cli.cjs",
        "cli-main.cjs",
        "cli-aws.cjs",
        "cli-mcp.cjs",
        join("lambda", "check.cjs"),
        join("construct", "index.cjs"),
      ]),
    );
    const root = readdirSync(join(dir, "app", "node_modules", "redis-memory-checker"));
    expect(root.sort()).toEqual(
      ["README.md", "dist", "docs", "node_modules", "package.json"].filter((f) => root.includes(f)).sort(),
    );
    expect(root).not.toContain("lambda");
    expect(root).not.toContain("test");
  });

  it("`npm install -g` puts redis-memory-checker on the PATH", async () => {
    const prefix = join(dir, "global");
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz")) ?? "";
    await run(
      "npm",
      [
        "install",
        "-g",
        "--prefix",
        prefix,
        join(dir, tarball),
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
      ],
      {
        cwd: dir,
        maxBuffer: 1 << 24,
      },
    );
    const { stdout } = await run("redis-memory-checker", ["--version"], {
      env: { ...process.env, PATH: `${join(prefix, "bin")}:${process.env.PATH}` },
    });
    expect(stdout.trim()).toBe("redis-memory-checker 0.1.0");
  });

  it("its bin checks a real Redis (`npx redis-memory-checker redis://…`)", async () => {
    const app = join(dir, "app");
    const { stdout } = await run("npx", ["--no-install", "redis-memory-checker", server.url, "--json"], { cwd: app });
    const report = JSON.parse(stdout) as { tool: { name: string; version: string }; endpoints: Array<{ status: string }> };
    expect(report.tool).toEqual({ name: "redis-memory-checker", version: "0.1.0" });
    expect(report.endpoints[0]?.status).toBe("OK");
  });

  it("its MCP server answers `initialize` with its SDK bundled, none installed beside it", async () => {
    const app = join(dir, "app");
    expect(existsSync(join(app, "node_modules", "@modelcontextprotocol"))).toBe(false);
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "0" } },
    };
    const child = execFile("npx", ["--no-install", "redis-memory-checker", "mcp"], { cwd: app });
    const answer = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (d) => {
        out += d;
        if (out.includes("\n")) resolve(out);
      });
      child.on("error", reject);
      child.on("close", (code) => reject(new Error(`mcp ended (${code}) before answering: ${out}`)));
      child.stdin?.write(`${JSON.stringify(initialize)}\n`);
    });
    child.stdin?.end();
    expect(JSON.parse(answer)).toMatchObject({
      id: 1,
      result: { serverInfo: { name: "redis-memory-checker", version: "0.1.0" } },
    });
  });

  it("a team's CDK app imports the construct, type-checks and synthesises offline", async () => {
    const app = join(dir, "app");
    const source = `import { App, Duration, Stack } from "aws-cdk-lib";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { RedisMemoryChecker } from "redis-memory-checker/construct";

const app = new App({ outdir: "cdk.out" });
const stack = new Stack(app, "TeamStack");
new RedisMemoryChecker(stack, "RedisMemory", {
  checkSchedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
  checkInterval: Duration.minutes(5),
  summarySchedule: scheduler.ScheduleExpression.expression("cron(0 8 * * ? *)"),
  alertEmails: ["sre@example.com"],
  thresholds: { fragmentationWarningRatio: 1.8 },
});
const assembly = app.synth();
`;
    writeFileSync(join(app, "app.ts"), source);
    // A misspelt prop must fail the team's compile, not deploy a checker that alerts no one.
    writeFileSync(join(app, "bad.ts"), source.replace("alertEmails:", "alertEmail:"));
    const tsconfig = {
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2023",
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
      },
    };
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["app.ts"] }));
    writeFileSync(join(app, "tsconfig.bad.json"), JSON.stringify({ ...tsconfig, files: ["bad.ts"] }));
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: app }).catch((e: { stdout: string }) => {
      throw new Error(`the app does not type-check: ${e.stdout}`);
    });
    const bad = await run(process.execPath, [tsc, "-p", "tsconfig.bad.json"], { cwd: app }).catch((e: { stdout: string }) => e);
    expect(bad.stdout).toMatch(/'alertEmail' does not exist in type/);

    // The same source is plain JavaScript too (Node 20 cannot strip types): run it, and print the function.
    writeFileSync(
      join(app, "app.mjs"),
      `${source}const t = assembly.getStackByName("TeamStack").template;
console.log(JSON.stringify(Object.values(t.Resources).filter((r) => r.Type === "AWS::Lambda::Function").map((r) => r.Properties)));
`,
    );
    const { stdout } = await run(process.execPath, ["app.mjs"], { cwd: app, env: { PATH: process.env.PATH ?? "" } });
    const [fn] = JSON.parse(stdout.trim().split("\n").at(-1) ?? "[]") as Array<{
      Runtime: string;
      Handler: string;
      Environment: { Variables: Record<string, string> };
    }>;
    expect(fn).toMatchObject({ Runtime: "nodejs24.x", Handler: "check.handler" });
    expect(JSON.parse(fn?.Environment.Variables.THRESHOLDS ?? "{}")).toEqual({ fragmentationWarningRatio: 1.8 });
    const assets = readdirSync(join(app, "cdk.out")).filter((f) => f.startsWith("asset."));
    expect(assets.some((a) => existsSync(join(app, "cdk.out", a, "check.cjs")))).toBe(true);
  });
});
