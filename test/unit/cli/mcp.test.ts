import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { afterAll, describe, expect, it } from "vitest";
import type { RedisAccess } from "../../../lambda/checker/ports.js";
import { UsageError } from "../../../lambda/cli/args.js";
import { parseMcpArgs } from "../../../lambda/cli/mcpArgs.js";
import { createMcpServer, type McpSetup } from "../../../lambda/cli/mcpServer.js";
import type { CheckReport } from "../../../lambda/core/report/report.js";
import { ERROR_SUMMARY } from "../../../lambda/core/vocabulary/errors.js";
import { FINDING_GUIDE } from "../../../lambda/core/vocabulary/findingGuide.js";
import { fixtureText } from "../../support/fixtures.js";

const PASSWORD = "Mcp-Secr3t-Passw0rd";
const dir = mkdtempSync(join(tmpdir(), "rmc-mcp-unit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Every node answers a real capture: the fragmented Redis 7.0 with its bundled jemalloc (FRAGMENTATION_HIGH
 * with allocator fragmentation, the case active defrag fixes) unless its port says otherwise; port 1 refuses
 * the password. Each command the checker sends is recorded.
 */
function stubRedis(): RedisAccess & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    session: async (target, _timeouts, _signal, use) => {
      if (target.port === 1) throw Object.assign(new Error("WRONGPASS invalid username-password pair or user is disabled."));
      const info = fixtureText(target.port === 2 ? "healthy-7.0" : "fragmented-jemalloc-7.0");
      return use({
        read: async () => ({ info, config: ["activedefrag", "no"] }),
        send: async (command) => {
          sent.push(command.join(" "));
          return "OK";
        },
      });
    },
  };
}

async function connect(setup: Omit<Partial<McpSetup>, "redis"> & { argv?: string[] } = {}) {
  const redis = stubRedis();
  const server = createMcpServer({ args: parseMcpArgs(setup.argv ?? []), ...setup, redis });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "0" });
  await Promise.all([server.connect(a), client.connect(b)]);
  return { client, server, redis };
}

function configFile(doc: unknown): string {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function documentOf(file: string, doc: unknown): McpSetup["document"] {
  return { from: { file }, text: JSON.stringify(doc) };
}

const FLEET = {
  defaults: { remediation: { mode: "on" } },
  endpoints: [
    { name: "sessions-prod", url: `redis://checker:${PASSWORD}@10.0.0.1:6379`, owner: "payments", usage: "cache" },
    { name: "cache-prod", host: "10.0.0.2", port: 2, password: PASSWORD, tags: { env: "prod" } },
  ],
};

const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
const call = (client: Client, name: string, args: Record<string, unknown> = {}) =>
  client.callTool({ name, arguments: args }) as Promise<CallToolResult>;

describe("redis-memory-checker mcp: its options", () => {
  it("takes the CLI's bounds and messages, and only the options a server has", () => {
    expect(parseMcpArgs(["--config", "f.json", "--allow-remediate", "--connect-timeout", "500", "--concurrency", "4"])).toEqual({
      config: "f.json",
      allowRemediate: true,
      connectTimeoutMs: 500,
      commandTimeoutMs: undefined,
      concurrency: 4,
      help: false,
    });
    expect(parseMcpArgs([]).allowRemediate).toBe(false);
    expect(() => parseMcpArgs(["redis://127.0.0.1:6379"])).toThrow(/mcp takes no URL/);
    expect(() => parseMcpArgs(["--json"])).toThrow(UsageError);
    expect(() => parseMcpArgs(["--remediate", "on"])).toThrow(UsageError);
    expect(() => parseMcpArgs(["--concurrency", "0"])).toThrow("--concurrency must be a whole number from 1 to 256");
    expect(() => parseMcpArgs(["--command-timeout", "99"])).toThrow("--command-timeout must be a whole number from 100 to 60000");
    expect(() => parseMcpArgs(["--config", "a", "--config", "b"])).toThrow("--config is given twice");
    expect(() => parseMcpArgs(["--allow-remediate", "--allow-remediate"])).toThrow("--allow-remediate is given twice");
  });
});

describe("redis-memory-checker mcp: its tools", () => {
  it("reads are named get_ and list_; the repair tool exists only with --allow-remediate, list_endpoints only with --config", async () => {
    const file = configFile(FLEET);
    const names = async (setup: Omit<Partial<McpSetup>, "redis"> & { argv?: string[] }) =>
      (await (await connect(setup)).client.listTools()).tools.map((t) => t.name).sort();
    expect(await names({})).toEqual(["get_finding_explanation", "get_memory_report"]);
    expect(await names({ argv: ["--config", file], document: documentOf(file, FLEET) })).toEqual([
      "get_finding_explanation",
      "get_memory_report",
      "list_endpoints",
    ]);
    const all = await names({ argv: ["--allow-remediate"] });
    expect(all).toEqual(["apply_memory_remediation", "get_finding_explanation", "get_memory_report"]);
    const { client } = await connect({ argv: ["--allow-remediate"] });
    for (const tool of (await client.listTools()).tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(/^(get|list)_/.test(tool.name));
    }
  });

  it("get_memory_report: the --json report as structured content, valid against its declared outputSchema, and as text", async () => {
    const { client, redis } = await connect();
    const tools = (await client.listTools()).tools;
    const schema = tools.find((t) => t.name === "get_memory_report")?.outputSchema;
    expect(schema?.additionalProperties, "a closed schema: a client learns every field").toBe(false);
    const result = await call(client, "get_memory_report", { urls: ["redis://10.0.0.9:6379"] });
    expect(result.isError).toBeFalsy();
    const report = result.structuredContent as unknown as CheckReport;
    expect(report.status).toBe("CRITICAL");
    expect(report.endpoints[0]?.nodes[0]?.findings.map((f) => f.code)).toContain("FRAGMENTATION_HIGH");
    const validate = new AjvJsonSchemaValidator().getValidator(schema as never);
    expect(validate(result.structuredContent).errorMessage).toBeUndefined();
    const [summary, json] = result.content.map((c) => (c.type === "text" ? c.text : ""));
    expect(JSON.parse(json ?? "")).toEqual(result.structuredContent);
    expect(json).toMatch(/^\{\n {2}"schemaVersion": 2,/);
    expect(summary).toMatch(/^redis-memory-checker \S+: CRITICAL/);
    // Read-only: the repair it would make is a dry-run, and nothing but reads reached the server.
    expect(report.endpoints[0]?.nodes[0]?.actions.map((a) => [a.action, a.outcome])).toEqual([
      ["ENABLE_ACTIVEDEFRAG", "dry-run"],
    ]);
    expect(redis.sent).toEqual([]);
  });

  it("get_memory_report stays read-only over a document whose mode is on", async () => {
    const file = configFile(FLEET);
    const { client, redis } = await connect({ argv: ["--config", file], document: documentOf(file, FLEET) });
    const result = await call(client, "get_memory_report", { endpoints: ["sessions-prod"] });
    const report = result.structuredContent as unknown as CheckReport;
    expect(report.endpoints.map((e) => e.name)).toEqual(["sessions-prod"]);
    expect(report.endpoints[0]?.nodes[0]?.actions[0]?.outcome).toBe("dry-run");
    expect(redis.sent).toEqual([]);
  });

  it("apply_memory_remediation applies with mode on, honours dry-run, and returns the same report", async () => {
    const { client, redis } = await connect({ argv: ["--allow-remediate"] });
    const dry = await call(client, "apply_memory_remediation", { urls: ["redis://10.0.0.9:6379"], mode: "dry-run" });
    expect((dry.structuredContent as unknown as CheckReport).endpoints[0]?.nodes[0]?.actions[0]?.outcome).toBe("dry-run");
    expect(redis.sent).toEqual([]);
    const on = await call(client, "apply_memory_remediation", { urls: ["redis://10.0.0.9:6379"], mode: "on" });
    expect(on.isError).toBeFalsy();
    expect((on.structuredContent as unknown as CheckReport).endpoints[0]?.nodes[0]?.actions[0]?.outcome).toBe("applied");
    expect(redis.sent).toEqual(["CONFIG SET activedefrag yes"]);
  });

  it("every failure is a tool error, and the server answers the next call", async () => {
    const file = configFile(FLEET);
    const { client } = await connect({ argv: ["--config", file], document: documentOf(file, FLEET) });
    const bad = await call(client, "get_memory_report", { urls: [`http://checker:${PASSWORD}@cache:6379`] });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toBe("URL (http://checker:***@cache:6379): scheme must be redis:// or rediss://, not http://");
    const unknown = await call(client, "get_memory_report", { endpoints: ["sesions-prod"] });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe(
      'unknown endpoint "sesions-prod" (did you mean "sessions-prod"?). The server\'s --config names: sessions-prod, cache-prod.',
    );
    const clash = await call(client, "get_memory_report", { urls: ["redis://10.0.0.9:6379", "redis://10.0.0.9:6379"] });
    expect(clash.isError).toBe(true);
    expect(textOf(clash)).toMatch(/^the name "10\.0\.0\.9:6379" is given to /);
    const outOfBounds = await call(client, "get_memory_report", { urls: ["redis://10.0.0.9:6379"], connectTimeoutMs: 99 });
    expect(outOfBounds.isError).toBe(true);
    expect(textOf(outOfBounds)).toMatch(/connectTimeoutMs/);
    const misnamed = await call(client, "get_memory_report", { url: "redis://10.0.0.9:6379" });
    expect(misnamed.isError).toBe(true);
    expect(textOf(misnamed)).toMatch(/Unrecognized key.*"url"/);
    const badCode = await call(client, "get_finding_explanation", { code: "FRAGMENTATION" });
    expect(badCode.isError).toBe(true);
    const next = await call(client, "get_memory_report", { urls: ["redis://10.0.0.9:6379"] });
    expect(next.isError).toBeFalsy();
  });

  it("endpoint names need --config", async () => {
    const { client } = await connect();
    const result = await call(client, "get_memory_report", { endpoints: ["sessions-prod"] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/started without one: give "urls"/);
  });

  it("never returns a password: not in a report, a failed authentication, a bad URL, nor the endpoint list", async () => {
    const file = configFile(FLEET);
    const { client } = await connect({ argv: ["--config", file, "--allow-remediate"], document: documentOf(file, FLEET) });
    const results = [
      await call(client, "get_memory_report", { urls: [`redis://checker:${PASSWORD}@10.0.0.9:1`] }),
      await call(client, "get_memory_report", { urls: [`redis://checker:${encodeURIComponent(PASSWORD)}@10.0.0.9:6379`] }),
      await call(client, "get_memory_report", { urls: [`redis://:${PASSWORD}@`] }),
      await call(client, "get_memory_report"),
      await call(client, "apply_memory_remediation", { endpoints: ["sessions-prod", "cache-prod"], mode: "dry-run" }),
      await call(client, "list_endpoints"),
    ];
    const auth = results[0]?.structuredContent as unknown as CheckReport;
    expect(auth.endpoints[0]?.nodes[0]?.error?.code).toBe("AUTH_FAILED");
    expect(auth.endpoints[0]?.target).toBe("redis://checker@10.0.0.9:1");
    expect(results[2]?.isError).toBe(true);
    for (const r of results) expect(JSON.stringify(r)).not.toContain(PASSWORD);
    expect((results[5]?.structuredContent as { endpoints: unknown[] } | undefined)?.endpoints).toEqual([
      {
        name: "sessions-prod",
        kind: "endpoint",
        target: "redis://checker@10.0.0.1:6379",
        usage: "cache",
        owner: "payments",
        remediation: "on",
      },
      { name: "cache-prod", kind: "endpoint", target: "redis://10.0.0.2:2", tags: { env: "prod" }, remediation: "on" },
    ]);
  });

  it("get_finding_explanation explains every finding code and every error code, from the same table as docs/checks.md", async () => {
    const { client } = await connect();
    for (const code of [...Object.keys(FINDING_GUIDE), ...Object.keys(ERROR_SUMMARY)]) {
      const result = await call(client, "get_finding_explanation", { code });
      expect(result.isError, code).toBeFalsy();
      const x = result.structuredContent as { code: string; kind: string; when: string; whatToDo: string };
      expect(x.code).toBe(code);
      expect(x.whatToDo.length, code).toBeGreaterThan(10);
      expect(x.when, "links made plain").not.toMatch(/\]\(/);
    }
    const high = await call(client, "get_finding_explanation", { code: "FRAGMENTATION_HIGH" });
    expect(high.structuredContent).toMatchObject({
      kind: "finding",
      severity: "WARNING / CRITICAL",
      when: FINDING_GUIDE.FRAGMENTATION_HIGH.when,
    });
    const auth = await call(client, "get_finding_explanation", { code: "AUTH_FAILED" });
    expect(auth.structuredContent).toMatchObject({ kind: "error", severity: "UNKNOWN" });
    expect(textOf(auth)).toMatch(/^AUTH_FAILED \(error, UNKNOWN\)\nWhen: .*authentication failed/);
  });
});
