#!/usr/bin/env node
import { writeSync } from "node:fs";
import * as nodeModule from "node:module";
import { TOOL } from "../checker/tool.js";
import { USAGE } from "./usage.js";

/**
 * The package's bin (dist/cli.cjs), kept tiny: `--version` and `--help` alone are answered before the
 * checker loads (the bundle keeps the checker in dist/cli-main.cjs and its AWS side in dist/cli-aws.cjs).
 * With other arguments, even a usage error, the checker's own parser decides, as before; `mcp` first starts
 * the MCP server instead (dist/cli-mcp.cjs).
 */
const argv = process.argv.slice(2);
const only = argv.length === 1 ? argv[0] : undefined;
if (only === "--version" || only === "-V") answer(`${TOOL.name} ${TOOL.version}\n`);
else if (only === "--help" || only === "-h") answer(`${USAGE}\n`);
else {
  // Node >= 22.1 keeps V8's compiled code of the bundle on disk (os.tmpdir()/node-compile-cache), so later
  // runs skip compiling it; absent on Node 20, and off when NODE_DISABLE_COMPILE_CACHE is set.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  // `mcp` serves the Model Context Protocol from its own bundle (dist/cli-mcp.cjs): a check never loads its SDK.
  const run =
    argv[0] === "mcp"
      ? import("./mcp.js").then((m) => m.runMcp(argv.slice(1)))
      : import("./main.js").then((m) => m.runCommand(argv));
  run.then(
    () => undefined,
    (e: unknown) => {
      process.stderr.write(`redis-memory-checker: cannot load: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}

/**
 * Written straight to fd 1: process.stdout on a pipe would load the stream machinery (about 2 MiB) for one
 * line. A reader that closes the pipe early (`--help | head -1`) ends the process quietly.
 */
function answer(text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A non-blocking stdout that is full: the stream waits for it.
    if (code === "EAGAIN") process.stdout.write(bytes.subarray(written));
    else if (code !== "EPIPE") throw err;
  }
}
