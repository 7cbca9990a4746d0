/**
 * npx tsx bench/mcp.ts [--runs 7] [--no-build]   (also part of npm run bench)
 *
 * The MCP server as a client meets it: `node dist/cli.cjs mcp` spawned, timed from spawn to the answer to
 * `initialize` (what a client waits for before its first call), then one `get_memory_report` call on a local
 * redis-server, timed from the request to the answer; beside the CLI checking the same server as a whole
 * process (spawn to exit) and `node -e 0`. Medians of RUNS interleaved runs after one warm-up round (which
 * fills Node's compile cache). Peak RSS is the server process's own peak (VmHWM) at exit. The protocol is spoken
 * raw (JSON lines), so that no client library is part of what is timed.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Figure } from "./cliStartup.js";
import { median, PEAK_PRELOAD, standalone } from "./measure.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli.cjs");

export interface McpFigures {
  runs: number;
  node: Figure;
  /** The CLI checking one endpoint, spawn to exit. */
  cli: Figure;
  /** `mcp`: spawn to the initialize response. */
  initialize: Figure;
  /** One get_memory_report call on the same endpoint, request to response; peak RSS of the server process. */
  report: Figure;
}

const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "0" } },
};

/** One server process: spawn to initialize, one call, then stdin closed and the process's peak RSS. */
function session(preload: string, url: string): Promise<{ initializeMs: number; reportMs: number; peakKiB: number }> {
  return new Promise((done, fail) => {
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() };
    const start = performance.now();
    const child = spawn(process.execPath, ["--require", preload, CLI, "mcp"], {
      env,
      cwd: tmpdir(),
      stdio: ["pipe", "pipe", "pipe", "pipe"],
    });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    let initializeMs = 0;
    let callStart = 0;
    let reportMs = 0;
    let buffer = "";
    let stderr = "";
    let peak = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdio[3]?.on("data", (d) => {
      peak += d;
    });
    child.stdout.on("data", (d) => {
      buffer += d;
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const message = JSON.parse(line) as {
          id?: number;
          result?: { isError?: boolean; structuredContent?: { status?: string } };
        };
        if (message.id === 1) {
          initializeMs = performance.now() - start;
          send({ jsonrpc: "2.0", method: "notifications/initialized" });
          callStart = performance.now();
          send({
            jsonrpc: "2.0",
            id: 2,
            method: "tools/call",
            params: { name: "get_memory_report", arguments: { urls: [url] } },
          });
        } else if (message.id === 2) {
          reportMs = performance.now() - callStart;
          const status = message.result?.structuredContent?.status;
          if (message.result?.isError || !status || status === "UNKNOWN") {
            child.kill();
            fail(new Error(`get_memory_report did not check ${url}: ${line.slice(0, 500)}`));
            return;
          }
          child.stdin.end();
        }
      }
    });
    child.on("error", fail);
    child.on("close", (code) => {
      if (!reportMs) fail(new Error(`the MCP server ended (exit ${code}) before answering: ${stderr.slice(0, 500)}`));
      else done({ initializeMs, reportMs, peakKiB: Number(peak) });
    });
    send(INITIALIZE);
  });
}

/** Measures against a redis-server listening on loopback `port`; dist/ must be built. */
export async function measureMcp(port: number, runs = 7): Promise<McpFigures> {
  const dir = mkdtempSync(join(tmpdir(), "rmc-mcp-bench-"));
  const preload = join(dir, "peak.cjs");
  writeFileSync(preload, PEAK_PRELOAD);
  const url = `redis://127.0.0.1:${port}`;
  const samples = {
    node: [] as number[],
    cli: [] as number[],
    initialize: [] as number[],
    report: [] as number[],
    peak: [] as number[],
  };
  const whole = (args: string[]) => {
    const start = performance.now();
    const r = spawnSync(process.execPath, args, {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir() },
      cwd: tmpdir(),
      encoding: "utf8",
    });
    if (r.error) throw r.error;
    if (args.length > 2 && (r.status === null || r.status > 2))
      throw new Error(`the CLI did not check ${url}: ${r.stdout}${r.stderr}`);
    return performance.now() - start;
  };
  try {
    for (let round = 0; round <= runs; round++) {
      const node = whole(["-e", "0"]);
      const cli = whole([CLI, url]);
      const s = await session(preload, url);
      if (round === 0) continue;
      samples.node.push(node);
      samples.cli.push(cli);
      samples.initialize.push(s.initializeMs);
      samples.report.push(s.reportMs);
      if (s.peakKiB > 0) samples.peak.push(s.peakKiB);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    runs,
    node: { ms: median(samples.node) },
    cli: { ms: median(samples.cli) },
    initialize: { ms: median(samples.initialize) },
    report: { ms: median(samples.report), ...(samples.peak.length ? { peakMiB: median(samples.peak) / 1024 } : {}) },
  };
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** The figures, as bench/run.ts prints them. */
export function mcpReport(m: McpFigures): string[] {
  const vsNode = (f: Figure) => `${(f.ms / m.node.ms).toFixed(2)}x node -e 0`;
  return [
    `MCP server (dist/cli.cjs mcp): one local endpoint, medians of ${m.runs} runs`,
    `  node -e 0:                                    ${ms(m.node.ms)}   baseline`,
    `  dist/cli.cjs redis://127.0.0.1:PORT:          ${ms(m.cli.ms)}   ${vsNode(m.cli)} (spawn to exit)`,
    `  dist/cli.cjs mcp, spawn to initialize answer: ${ms(m.initialize.ms)}   ${vsNode(m.initialize)}`,
    `  get_memory_report, request to answer:         ${ms(m.report.ms)}${m.report.peakMiB === undefined ? "" : `, server peak RSS ${m.report.peakMiB.toFixed(1)} MiB`}`,
    `  first report from spawn:                      ${ms(m.initialize.ms + m.report.ms)}   (the CLI's whole run: ${ms(m.cli.ms)})`,
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  console.log(mcpReport(await standalone(measureMcp)).join("\n"));
}
