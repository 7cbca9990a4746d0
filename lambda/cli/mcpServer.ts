import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as z from "zod/mini";
import { ioredisAccess } from "../adapters/redis/client.js";
import { resolveCredentials } from "../checker/credentials.js";
import type { RedisAccess } from "../checker/ports.js";
import { runCheck } from "../checker/runCheck.js";
import { type DocumentRead, isManaged, type RunEntry, runEntries } from "../checker/runEntries.js";
import { TOOL } from "../checker/tool.js";
import { type EndpointSettings, endpointFromUrl, type Overrides } from "../core/endpoints/endpoint.js";
import { clashText } from "../core/endpoints/names.js";
import { formatJson } from "../core/rendering/json.js";
import { formatReport } from "../core/rendering/terminal.js";
import type { CheckReport } from "../core/report/report.js";
import { CheckReportSchema } from "../core/report/schema.js";
import { DEFAULT_URL, TIMEOUT_MS_BOUNDS } from "../core/settings/defaults.js";
import { suggest } from "../core/settings/issues.js";
import { RemediationModeSchema } from "../core/settings/schemas.js";
import { boundedInt } from "../core/settings/validators.js";
import { ERROR_SUMMARY, type ErrorCode, errorNextStep } from "../core/vocabulary/errors.js";
import { FINDING_GUIDE } from "../core/vocabulary/findingGuide.js";
import { printable } from "../core/vocabulary/printable.js";
import type { FindingCode, RemediationMode } from "../core/vocabulary/types.js";
import type { CliAws } from "./aws.js";
import type { McpArgs } from "./mcpArgs.js";
import { needsAws } from "./needsAws.js";

/** Reading referenced credentials secrets, all together (the CLI's bound). */
const CREDENTIALS_READ_MS = 10_000;
/** URLs, and endpoint names, one call may name: an assistant's request, bounded like any other input. */
export const MCP_MAX_TARGETS = 256;

export interface McpSetup {
  args: McpArgs;
  /** The --config document as read at start-up, where it was validated: its entries are the names the tools take. */
  document?: DocumentRead & { text: string };
  /** How nodes are reached; the real client unless a test says otherwise. */
  redis?: RedisAccess;
  /** The AWS side, loaded on the first call that needs it (dist/cli-aws.cjs in the bundle). */
  loadAws?: () => Promise<CliAws>;
}

/** What the model reads first: how to judge Redis memory with these tools. */
const INSTRUCTIONS = `Redis and Valkey memory health, as redis-memory-checker judges it. Judge memory from get_memory_report's findings, never from mem_fragmentation_ratio alone: an empty instance reports 7 to 13 on under 1 MiB, and a high ratio is a problem only with enough bytes behind it. Each finding says where the memory lives (allocator fragmentation that active defrag fixes, pages the allocator retains that MEMORY PURGE may return, process overhead, an old peak) and what to do; get_finding_explanation explains any finding or error code. Node status: OK, WARNING, CRITICAL, or UNKNOWN when it could not be checked (the error says why).`;

const REPORT_DESCRIPTION = `the memory health of Redis or Valkey endpoints: fragmentation and where it lives, swap, maxmemory pressure and policy, active defrag, every node behind an endpoint (cluster nodes, replicas). Give "urls" (redis://[user:password@]host:port or rediss:// for TLS) or "endpoints" (names from list_endpoints), or both; with neither, every endpoint of the server's --config, else ${DEFAULT_URL}. Returns the JSON report (as redis-memory-checker --json prints it; passwords never appear) and the same as text. An endpoint that cannot be reached is UNKNOWN in the report, with its cause.`;

/**
 * The tools' inputs: the same validation and bounds as the command line's. Strict objects: a key the tool
 * does not know (`url` for `urls`) is an error, never silently dropped to check something else.
 */
const millis = boundedInt(TIMEOUT_MS_BOUNDS);
const TARGET_INPUT = {
  urls: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(2048)))
      .check(
        z.maxLength(MCP_MAX_TARGETS),
        z.describe("Redis URLs: redis://[user:password@]host:port[/db], or rediss:// for TLS."),
      ),
  ),
  endpoints: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(256)))
      .check(z.maxLength(MCP_MAX_TARGETS), z.describe("Endpoint names from the server's --config (list_endpoints lists them).")),
  ),
  connectTimeoutMs: z.optional(millis.check(z.describe("Connection timeout per node, in ms (default: the server's)."))),
  commandTimeoutMs: z.optional(millis.check(z.describe("Command timeout per node, in ms (default: the server's)."))),
};
type TargetInput = {
  urls?: string[];
  endpoints?: string[];
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
};

const CODES = [...(Object.keys(FINDING_GUIDE) as FindingCode[]), ...(Object.keys(ERROR_SUMMARY) as ErrorCode[])] as [
  FindingCode | ErrorCode,
  ...Array<FindingCode | ErrorCode>,
];
const ExplanationSchema = z.strictObject({
  code: z.string(),
  kind: z.enum(["finding", "error"]),
  severity: z.string(),
  when: z.string(),
  meaning: z.string(),
  whatToDo: z.string(),
  docs: z.string(),
});
type Explanation = z.output<typeof ExplanationSchema>;

const EndpointListSchema = z.strictObject({
  endpoints: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.enum(["endpoint", "managed"]),
      target: z.optional(z.string()),
      service: z.optional(z.string()),
      region: z.optional(z.string()),
      usage: z.optional(z.enum(["cache", "datastore"])),
      owner: z.optional(z.string()),
      tags: z.optional(z.record(z.string(), z.string())),
      remediation: z.optional(RemediationModeSchema),
    }),
  ),
});
type EndpointList = z.output<typeof EndpointListSchema>;

/**
 * The MCP server: the checker's report, the meaning of its codes and the configured endpoints as read-only
 * tools (named get_ and list_, as Redis SRE Agent classifies them), and repairs only when the server was
 * started with --allow-remediate. Each call is checked as the CLI checks a run: the same URL parsing, the
 * same document, bounds and timeouts, one concurrency limit (calls run one at a time); a failure is a tool
 * result with isError, never a crashed server, and never carries a password.
 */
export function createMcpServer(setup: McpSetup): McpServer {
  const { args, document } = setup;
  const redis = setup.redis ?? ioredisAccess;
  const loadAws = setup.loadAws ?? (async () => (await import("./aws.js")).cliAws());
  const configured = document ? runEntries({ documents: [document] }) : undefined;
  const names = configured?.entries.map((e) => e.name) ?? [];
  let aws: Promise<CliAws> | undefined;
  // One call at a time: the concurrency bound holds over the server, not each call.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };

  async function report(input: TargetInput, remediate: RemediationMode | undefined): Promise<CallToolResult> {
    const overrides: Overrides = {
      remediate,
      timeouts: {
        connectMs: input.connectTimeoutMs ?? args.connectTimeoutMs,
        commandMs: input.commandTimeoutMs ?? args.commandTimeoutMs,
      },
    };
    const urls = input.urls ?? [];
    const wanted = input.endpoints ?? [];
    if (wanted.length > 0 && !document) {
      return toolError('"endpoints" names entries of the server\'s --config, and it was started without one: give "urls".');
    }
    const unknown = [...new Set(wanted.filter((n) => !names.includes(n)))];
    if (unknown.length > 0) {
      const listed =
        names.length > 12 ? `${names.slice(0, 12).join(", ")}… (list_endpoints lists all ${names.length})` : names.join(", ");
      return toolError(
        `${unknown.map((n) => `unknown endpoint "${printable(n)}"${suggest(n, names)}`).join("; ")}. The server's --config names: ${listed}.`,
      );
    }
    const everything = urls.length === 0 && wanted.length === 0;
    const documents = document && (wanted.length > 0 || everything) ? [document] : [];
    const run = runEntries({ urls, documents }, {}, overrides);
    const problems = run.problems.map((p) =>
      p.kind === "url" ? p.error.message : p.kind === "clash" ? clashText(p.clash) : p.error.message,
    );
    if (problems.length > 0) return toolError(problems.join("\n"));
    // With names: the URLs' entries (runEntries lists them first) and the named entries of the document.
    let entries: RunEntry[] =
      wanted.length > 0 ? run.entries.filter((e, i) => i < urls.length || wanted.includes(e.name)) : run.entries;
    if (entries.length === 0) entries = [endpointFromUrl(DEFAULT_URL, overrides)];
    return serially(async () => {
      if (needsAws(entries)) aws ??= loadAws();
      const side = needsAws(entries) ? await aws : undefined;
      const resolved = side ? await resolveCredentials(entries, side.secrets, AbortSignal.timeout(CREDENTIALS_READ_MS)) : entries;
      const result = await runCheck(resolved, {
        redis,
        concurrency: args.concurrency ?? configured?.concurrency,
        parameterGroups: side?.parameterGroups,
        discovery: side?.discovery,
        metrics: side?.metrics,
      });
      const json = formatJson(result);
      const failed = nothingChecked(result);
      return {
        content: [
          { type: "text", text: `${failed ? `Nothing could be checked: ${failed}.\n\n` : ""}${formatReport(result)}` },
          { type: "text", text: json },
        ],
        structuredContent: JSON.parse(json) as Record<string, unknown>,
        // Not one node answered (unreachable, refused, a bad password…): the call failed, and the report says why.
        ...(failed ? { isError: true } : {}),
      };
    });
  }

  const server = new McpServer(
    { name: TOOL.name, version: TOOL.version },
    // The SDK validates elicitation answers with Ajv, built at start-up by default; this server never elicits.
    { instructions: INSTRUCTIONS, jsonSchemaValidator: { getValidator: () => NEVER_ELICITS } },
  );

  server.registerTool(
    "get_memory_report",
    {
      title: "Redis memory report",
      description: `Get ${REPORT_DESCRIPTION} Read-only: repairs the checker would make are listed as dry-run, never applied.`,
      inputSchema: z.strictObject(TARGET_INPUT),
      outputSchema: CheckReportSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    (input) => guarded(() => report(input, "dry-run"), input.urls),
  );

  server.registerTool(
    "get_finding_explanation",
    {
      title: "Explain a finding or error code",
      description:
        "Get what a finding code of the report (FRAGMENTATION_HIGH, ALLOCATOR_FRAGMENTATION…) or an error code (AUTH_FAILED, TIMEOUT…) means, when it is raised, and what to do about it. The report's own finding says more about its node.",
      inputSchema: z.strictObject({
        code: z.enum(CODES).check(z.describe("A finding's code, or an error's code, as the report gives it.")),
      }),
      outputSchema: ExplanationSchema,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ code }) => guarded(async () => structured(explain(code), explanationText)),
  );

  if (configured) {
    server.registerTool(
      "list_endpoints",
      {
        title: "Configured endpoints",
        description:
          "List the endpoints of the server's --config: the names get_memory_report takes, each with its address (never a password), usage, owner, tags and remediation mode.",
        outputSchema: EndpointListSchema,
        annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
      },
      () => guarded(async () => structured(listEndpoints(configured.entries), endpointsText)),
    );
  }

  if (args.allowRemediate) {
    server.registerTool(
      "apply_memory_remediation",
      {
        title: "Repair Redis memory (writes)",
        description: `Modify Redis servers to repair memory where it is safe, then report: CONFIG SET activedefrag yes only where allocator fragmentation is behind a high ratio on a jemalloc build that supports it, MEMORY PURGE only where the endpoint's configuration opts in ("purge": true), a parameter group's activedefrag where the configuration names one; maxmemory and the eviction policy are never changed. "mode" is as the CLI's --remediate: "on" applies, "dry-run" says what it would do, "off" does nothing; without it, each endpoint's configured mode, else dry-run. Checks ${REPORT_DESCRIPTION}`,
        inputSchema: z.strictObject({
          ...TARGET_INPUT,
          mode: z.optional(
            RemediationModeSchema.check(z.describe('"on" applies the repairs; "dry-run" only says what it would do.')),
          ),
        }),
        outputSchema: CheckReportSchema,
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      },
      (input) => guarded(() => report(input, input.mode), input.urls),
    );
  }
  return server;
}

/**
 * When no node of the call could be checked (every endpoint failed, or every node of it), the causes, as
 * `127.0.0.1:6390 CONNECTION_REFUSED`; otherwise undefined: a report with some UNKNOWN nodes is an answer.
 */
function nothingChecked(report: CheckReport): string | undefined {
  const causes: string[] = [];
  for (const e of report.endpoints) {
    if (e.error) causes.push(`${e.name} ${e.error.code}`);
    else if (e.nodes.length > 0 && e.nodes.every((n) => n.error))
      causes.push(...e.nodes.map((n) => `${e.name} ${n.error?.code}`));
    else return undefined;
  }
  return causes.length > 0 ? printable(causes.join(", ")) : undefined;
}

const NEVER_ELICITS = (): never => {
  throw new Error("this server sends no elicitation");
};

/** A tool's failure as its result: the server goes on answering. */
function toolError(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: text.split("\n").map(printable).join("\n") }] };
}

/**
 * Anything a tool throws becomes its error result: its message only (no stack), with any password of the
 * call's URLs hidden, as the checker's own messages hide them.
 */
async function guarded(work: () => Promise<CallToolResult>, urls: readonly string[] = []): Promise<CallToolResult> {
  try {
    return await work();
  } catch (err) {
    let text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    for (const secret of passwordsOf(urls)) text = text.replaceAll(secret, "***");
    return toolError(`the check failed: ${text}`);
  }
}

function passwordsOf(urls: readonly string[]): string[] {
  return urls.flatMap((url) => {
    try {
      const password = new URL(url).password;
      return password ? [password, decodeURIComponent(password)] : [];
    } catch {
      return [];
    }
  });
}

function structured<T extends object>(value: T, text: (v: T) => string): CallToolResult {
  return {
    content: [
      { type: "text", text: text(value) },
      { type: "text", text: JSON.stringify(value, null, 2) },
    ],
    structuredContent: value as Record<string, unknown>,
  };
}

/** Markdown links of docs/checks.md made plain: `Versions and allocators (docs/checks.md#versions-and-allocators)`. */
function plainLinks(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\((#[^)]+)\)/g, "$1 (docs/checks.md$2)")
    .replace(/\[([^\]]+)\]\(([^)#]+\.md)(#[^)]*)?\)/g, "$1 (docs/$2$3)");
}

export function explain(code: FindingCode | ErrorCode): Explanation {
  if (code in FINDING_GUIDE) {
    const g = FINDING_GUIDE[code as FindingCode];
    return {
      code,
      kind: "finding",
      severity: g.severity,
      when: plainLinks(g.when),
      meaning: g.meaning,
      whatToDo: g.whatToDo,
      docs: "docs/checks.md#the-findings",
    };
  }
  const e = code as ErrorCode;
  return {
    code,
    kind: "error",
    severity: "UNKNOWN",
    when: `a node, or a whole endpoint, could not be checked: ${ERROR_SUMMARY[e]}. The report gives it as error.code, with the cause in error.message, and a CHECK_FAILED finding.`,
    meaning: "The memory of what could not be checked is unknown; every other endpoint was still checked.",
    whatToDo: errorNextStep(e),
    docs: "docs/output.md",
  };
}

function explanationText(x: Explanation): string {
  return `${x.code} (${x.kind}, ${x.severity})\nWhen: ${x.when}\nMeaning: ${x.meaning}\nWhat to do: ${x.whatToDo}\nMore: ${x.docs}`;
}

function listEndpoints(entries: readonly RunEntry[]): EndpointList {
  return {
    endpoints: entries.map((e) => {
      if (isManaged(e)) {
        return {
          name: e.name,
          kind: "managed" as const,
          service: e.service,
          ...(e.region ? { region: e.region } : {}),
          ...listedSettings(e.settings),
        };
      }
      if ("error" in e) return { name: e.name, kind: "endpoint" as const, target: e.target };
      return { name: e.name, kind: "endpoint" as const, target: e.display, ...listedSettings(e) };
    }),
  };
}

/** What list_endpoints shows of how an entry is checked, a host's or a managed entry's alike. */
function listedSettings(s: EndpointSettings) {
  return {
    ...(s.usage ? { usage: s.usage } : {}),
    ...(s.owner ? { owner: s.owner } : {}),
    ...(s.tags ? { tags: s.tags } : {}),
    remediation: s.remediation.mode,
  };
}

function endpointsText(list: EndpointList): string {
  return list.endpoints.map((e) => `${e.name}  ${e.target ?? `${e.service}${e.region ? ` (${e.region})` : ""}`}`).join("\n");
}
