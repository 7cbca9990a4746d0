import { readFile } from "node:fs/promises";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { runEntries } from "../checker/runEntries.js";
import { clashText } from "../core/endpoints/names.js";
import { UsageError } from "./args.js";
import { MCP_USAGE, type McpArgs, parseMcpArgs } from "./mcpArgs.js";
import { createMcpServer, type McpSetup } from "./mcpServer.js";

/** The CLI's exit codes for what stops the server before it serves (sysexits.h, as lambda/cli/main.ts uses them). */
const EXIT_USAGE = 64;
const EXIT_DATAERR = 65;
const EXIT_NOINPUT = 66;

/**
 * `redis-memory-checker mcp`: the bin (./bin.ts) loads this part (dist/cli-mcp.cjs) for that word alone, so
 * the MCP SDK never loads for a check. Start-up problems (options, the --config document) end the process
 * with the CLI's exit codes and messages on stderr, before any protocol; then it serves on stdin and stdout
 * until the client closes stdin.
 */
export function runMcp(argv: string[]): void {
  serve(argv).then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`redis-memory-checker mcp: unexpected error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}

async function serve(argv: string[]): Promise<number | undefined> {
  let args: McpArgs;
  try {
    args = parseMcpArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`redis-memory-checker mcp: ${e.message}\n\n${MCP_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (args.help) {
    process.stdout.write(`${MCP_USAGE}\n`);
    return 0;
  }
  const setup: McpSetup = { args };
  if (args.config) {
    let text: string;
    try {
      text = await readFile(args.config, "utf8");
    } catch (e) {
      process.stderr.write(`redis-memory-checker mcp: cannot read --config ${args.config}: ${(e as Error).message}\n`);
      return EXIT_NOINPUT;
    }
    setup.document = { from: { file: args.config }, text };
    // The document is checked once, here, as the CLI checks it: a server never starts on a bad one.
    const problems = runEntries({ documents: [setup.document] }).problems;
    const lines = problems.flatMap((p) =>
      p.kind === "document" ? (p.invalid?.problems ?? [p.error.message]) : p.kind === "clash" ? [clashText(p.clash)] : [],
    );
    if (lines.length > 0) {
      process.stderr.write(
        `redis-memory-checker mcp: invalid configuration in ${args.config}:\n${lines.map((l) => `  - ${l}`).join("\n")}\n`,
      );
      return EXIT_DATAERR;
    }
  }
  // stdout carries the protocol alone: anything else that would print there goes to stderr.
  for (const level of ["log", "info", "debug"] as const) console[level] = console.error;
  const server = createMcpServer(setup);
  const transport = new StdioServerTransport();
  // A client that has gone (stdin closed, stdout broken) ends the server at once: it never lingers.
  const end = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.stdin.once("end", end);
  process.stdin.once("close", end);
  process.stdout.on("error", end);
  await server.connect(transport);
  return undefined;
}
