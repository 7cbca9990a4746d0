import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { serverBuild } from "../../scripts/lib/binaries.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";

const ROOT = join(import.meta.dirname, "..", "..");
const CLI = join(ROOT, "dist", "cli.cjs");
const PASSWORD = "E2e-Mcp-Passw0rd";
const WRONG = "Not-The-Right-0ne";

/**
 * The MCP server as an assistant's client meets it: the bundled bin (`node dist/cli.cjs mcp`, built by the
 * global setup) in its own process, driven by the MCP SDK's own Client over stdio, against a Redis 7.0 with
 * its bundled jemalloc fragmented for real. Its ACL user has a password, which no result may carry.
 */
let redis: RedisServer;
let dir: string;
let config: string;
const open: Array<{ client: Client; transport: StdioClientTransport }> = [];

beforeAll(async () => {
  redis = await RedisServer.start({
    binary: serverBuild("redis-7.0-jemalloc").binary,
    config: [`user checker on >${PASSWORD} ~* +@all`, "user default on nopass ~* +@all", "active-defrag-ignore-bytes 64mb"],
  });
  const c = redis.client();
  await fragment(c, { keys: 350_000 });
  c.disconnect();
  await new Promise((r) => setTimeout(r, 1500));
  dir = mkdtempSync(join(tmpdir(), "rmc-mcp-e2e-"));
  config = join(dir, "fleet.json");
  writeFileSync(
    config,
    JSON.stringify({
      endpoints: [{ name: "sessions", url: `redis://checker:${PASSWORD}@127.0.0.1:${redis.port}`, owner: "payments" }],
    }),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(open.map(({ client }) => client.close().catch(() => undefined)));
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `node dist/cli.cjs mcp ARGS`, connected: the SDK's client has initialized it. */
async function start(args: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp", ...args],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() },
    cwd: tmpdir(),
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (d) => {
    stderr += d;
  });
  const client = new Client({ name: "e2e", version: "0" });
  await client.connect(transport);
  open.push({ client, transport });
  return { client, transport, stderr: () => stderr };
}

const call = (client: Client, name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const names = (tools: Tool[]) => tools.map((t) => t.name).sort();

describe("redis-memory-checker mcp, started as a client starts it", () => {
  let plain: Awaited<ReturnType<typeof start>>;
  let tools: Tool[];
  const results: CallToolResult[] = [];

  beforeAll(async () => {
    plain = await start(["--config", config]);
    tools = (await plain.client.listTools()).tools;
  });

  it("lists read tools only: no repair tool without --allow-remediate; with it, apply_memory_remediation", async () => {
    expect(names(tools)).toEqual(["get_finding_explanation", "get_memory_report", "list_endpoints"]);
    for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
    const allowed = await start(["--allow-remediate"]);
    expect(names((await allowed.client.listTools()).tools)).toEqual([
      "apply_memory_remediation",
      "get_finding_explanation",
      "get_memory_report",
    ]);
  });

  it("get_memory_report on a fragmented Redis: the verdict, as structured content valid against the declared outputSchema", async () => {
    const result = await call(plain.client, "get_memory_report", {
      urls: [`redis://checker:${PASSWORD}@127.0.0.1:${redis.port}`],
    });
    results.push(result);
    expect(result.isError, textOf(result)).toBeFalsy();
    const schema = tools.find((t) => t.name === "get_memory_report")?.outputSchema;
    const verdict = new AjvJsonSchemaValidator().getValidator(schema as never)(result.structuredContent);
    expect(verdict.errorMessage).toBeUndefined();
    expect(verdict.valid).toBe(true);
    const report = result.structuredContent as unknown as CheckReport;
    const node = report.endpoints[0]?.nodes[0];
    expect(["WARNING", "CRITICAL"]).toContain(report.status);
    expect(node?.findings.map((f) => f.code)).toEqual(expect.arrayContaining(["FRAGMENTATION_HIGH", "ALLOCATOR_FRAGMENTATION"]));
    expect(node?.actions.map((a) => [a.action, a.outcome])).toEqual([["ENABLE_ACTIVEDEFRAG", "dry-run"]]);
    expect(report.endpoints[0]?.target).toBe(`redis://checker@127.0.0.1:${redis.port}`);
    // The same JSON as text (what --json prints), and the terminal report as the short answer.
    const [summary = "", json = ""] = result.content.map((c) => (c.type === "text" ? c.text : ""));
    expect(JSON.parse(json)).toEqual(result.structuredContent);
    expect(summary).toMatch(new RegExp(`^redis-memory-checker \\S+: ${report.status} `));
    expect(summary).toContain("FRAGMENTATION_HIGH");
  });

  it("a bad URL, a closed port and a wrong password are each a tool error, and the server answers the next call", async () => {
    const closed = await freePort();
    const bad = await call(plain.client, "get_memory_report", { urls: [`http://checker:${PASSWORD}@127.0.0.1:${redis.port}`] });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toBe(
      `URL (http://checker:***@127.0.0.1:${redis.port}): scheme must be redis:// or rediss://, not http://`,
    );
    const refused = await call(plain.client, "get_memory_report", { urls: [`redis://checker:${PASSWORD}@127.0.0.1:${closed}`] });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(new RegExp(`^Nothing could be checked: 127\\.0\\.0\\.1:${closed} CONNECTION_REFUSED\\.`));
    const wrong = await call(plain.client, "get_memory_report", { urls: [`redis://checker:${WRONG}@127.0.0.1:${redis.port}`] });
    expect(wrong.isError).toBe(true);
    expect((wrong.structuredContent as unknown as CheckReport).endpoints[0]?.nodes[0]?.error?.code).toBe("AUTH_FAILED");
    const unknown = await call(plain.client, "get_memory_report", { endpoints: ["sesions"] });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/^unknown endpoint "sesions" \(did you mean "sessions"\?\)/);
    results.push(bad, refused, wrong, unknown);
    const next = await call(plain.client, "get_finding_explanation", { code: "ALLOCATOR_FRAGMENTATION" });
    expect(next.isError).toBeFalsy();
    expect(next.structuredContent).toMatchObject({ code: "ALLOCATOR_FRAGMENTATION", kind: "finding", severity: "info" });
    const byName = await call(plain.client, "get_memory_report", { endpoints: ["sessions"] });
    expect(byName.isError, textOf(byName)).toBeFalsy();
    expect((byName.structuredContent as unknown as CheckReport).endpoints.map((e) => [e.name, e.owner])).toEqual([
      ["sessions", "payments"],
    ]);
    results.push(next, byName, await call(plain.client, "list_endpoints"));
  });

  it("never returns a password, in any result", () => {
    expect(results.length).toBeGreaterThanOrEqual(8);
    for (const r of results) {
      expect(JSON.stringify(r)).not.toContain(PASSWORD);
      expect(JSON.stringify(r)).not.toContain(WRONG);
    }
  });

  it("writes nothing to stderr while serving, and ends as soon as the client closes", async () => {
    expect(plain.stderr()).toBe("");
    const pid = plain.transport.pid as number;
    const started = Date.now();
    await plain.client.close();
    // The transport waits 2 s for the process before a SIGTERM: this server has gone long before.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("redis-memory-checker mcp --allow-remediate", () => {
  it("apply_memory_remediation with mode on turns active defrag on, and reports it", async () => {
    const { client } = await start(["--allow-remediate", "--config", config]);
    const result = await call(client, "apply_memory_remediation", { endpoints: ["sessions"], mode: "on" });
    expect(result.isError, textOf(result)).toBeFalsy();
    const node = (result.structuredContent as unknown as CheckReport).endpoints[0]?.nodes[0];
    expect(node?.actions.map((a) => [a.action, a.outcome])).toEqual([["ENABLE_ACTIVEDEFRAG", "applied"]]);
    expect(node?.before?.status).toMatch(/WARNING|CRITICAL/);
    const c = redis.client();
    expect(await c.config("GET", "activedefrag")).toEqual(["activedefrag", "yes"]);
    await c.config("SET", "activedefrag", "no");
    c.disconnect();
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });
});

describe("the configurations of docs/mcp.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "mcp.md"), "utf8");
  /** Every server definition the page gives: command and arguments, and where it was given. */
  const configurations: Array<{ client: string; command: string; args: string[]; tools?: string[] }> = [];
  for (const [, block] of doc.matchAll(/```json\n([\s\S]*?)```/g)) {
    const parsed = JSON.parse(block ?? "") as Record<string, Record<string, { type?: string; command: string; args: string[] }>>;
    const servers = parsed.mcpServers ?? parsed.servers ?? {};
    for (const [name, s] of Object.entries(servers)) {
      if (s.type !== undefined) expect(s.type).toBe("stdio");
      configurations.push({ client: `json ${name}`, command: s.command, args: s.args });
    }
  }
  for (const [, block] of doc.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const command = /^ {4}command: (\S+)$/m.exec(block ?? "")?.[1] ?? "";
    const args = JSON.parse(/^ {4}args: (\[.*\])$/m.exec(block ?? "")?.[1] ?? "[]") as string[];
    const tools = [...(block ?? "").matchAll(/^ {6}(\w+):$/gm)].map((m) => m[1] ?? "");
    configurations.push({ client: "Redis SRE Agent", command, args, tools });
  }
  // The Claude Code line: what follows `--` is the command it starts.
  const claude = /^claude mcp add .* -- (.+)$/m.exec(doc)?.[1]?.split(" ") ?? [];
  configurations.push({ client: "claude mcp add", command: claude[0] ?? "", args: claude.slice(1) });

  it("gives Redis SRE Agent, Claude Desktop, Claude Code, Cursor and VS Code", () => {
    expect(configurations.map((c) => c.client).sort()).toEqual(
      ["Redis SRE Agent", "claude mcp add", "json redis-memory", "json redis-memory", "json redis-memory"].sort(),
    );
    for (const file of ["claude_desktop_config.json", ".cursor/mcp.json", ".vscode/mcp.json"]) expect(doc).toContain(file);
  });

  it.each(configurations.map((c, i) => [`${i} ${c.client}`, c] as const))("%s starts this server", async (_name, c) => {
    expect(c.command).toBe("redis-memory-checker");
    expect(c.args[0]).toBe("mcp");
    // The documented path of the endpoints document, here a real one.
    const args = c.args.slice(1).map((a) => (a === "/etc/redis-memory-checker/fleet.json" ? config : a));
    const { client } = await start(args);
    const listed = names((await client.listTools()).tools);
    expect(listed).toEqual(["get_finding_explanation", "get_memory_report", "list_endpoints"]);
    for (const tool of c.tools ?? []) expect(listed, `the tools Redis SRE Agent keeps`).toContain(tool);
    await client.close();
  });
});
