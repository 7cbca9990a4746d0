import { parseArgs } from "node:util";
import { CONCURRENCY_BOUNDS, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUTS, TIMEOUT_MS_BOUNDS } from "../core/settings/defaults.js";
import { parseCliArgs, UsageError } from "./args.js";

/** `redis-memory-checker mcp`'s options: what the server is started with, once, by the person who configures it. */
export interface McpArgs {
  config?: string;
  /** Lists apply_memory_remediation; without it the server has no tool that writes. */
  allowRemediate: boolean;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  concurrency?: number;
  help: boolean;
}

export const MCP_USAGE = `Usage: redis-memory-checker mcp [--config FILE] [--allow-remediate] [options]

Serves the checker to AI assistants over the Model Context Protocol (MCP), on stdin and stdout: an MCP
client starts it (docs/mcp.md has the configuration for Redis SRE Agent, Claude, Cursor and VS Code).
Tools: get_memory_report, get_finding_explanation, list_endpoints (with --config), and with
--allow-remediate apply_memory_remediation.

  --config FILE             endpoints JSON (the Secrets Manager format): the names the tools accept
  --allow-remediate         list apply_memory_remediation, which may change servers (activedefrag,
                            MEMORY PURGE); without it no tool writes
  --connect-timeout MS      connection timeout per node (default ${DEFAULT_TIMEOUTS.connectMs}, ${TIMEOUT_MS_BOUNDS.min} to ${TIMEOUT_MS_BOUNDS.max})
  --command-timeout MS      command timeout per node (default ${DEFAULT_TIMEOUTS.commandMs}, ${TIMEOUT_MS_BOUNDS.min} to ${TIMEOUT_MS_BOUNDS.max})
  --concurrency N           Redis connections open at once, over every endpoint of a call
                            (default ${DEFAULT_CONCURRENCY}, ${CONCURRENCY_BOUNDS.min} to ${CONCURRENCY_BOUNDS.max})
  -h, --help                this text

Exit codes (before serving): 64 usage error, 66 config file unreadable, 65 config invalid.`;

/**
 * The server's options. Only those that make sense for a server are accepted (no URL: the tools take them;
 * no output format: the tools answer in JSON and text); their values are checked by the CLI's own parser,
 * with its bounds and messages, and an option given twice is an error there as here.
 */
export function parseMcpArgs(argv: string[]): McpArgs {
  let tokens: ReturnType<typeof parse>["tokens"];
  try {
    tokens = parse(argv).tokens;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(
      /positional/i.test(message) ? `mcp takes no URL: give URLs to the tools (get_memory_report's "urls")` : message,
    );
  }
  const allow = tokens.filter((t) => t.kind === "option" && t.name === "allow-remediate");
  if (allow.length > 1) throw new UsageError("--allow-remediate is given twice: give it once");
  const rest = argv.filter((a) => a !== "--allow-remediate");
  const cli = parseCliArgs(rest);
  return {
    config: cli.config,
    allowRemediate: allow.length === 1,
    connectTimeoutMs: cli.connectTimeoutMs,
    commandTimeoutMs: cli.commandTimeoutMs,
    concurrency: cli.concurrency,
    help: cli.help,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: false,
    strict: true,
    tokens: true,
    options: {
      config: { type: "string" },
      "allow-remediate": { type: "boolean" },
      "connect-timeout": { type: "string" },
      "command-timeout": { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
