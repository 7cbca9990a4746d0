import { spawn } from "node:child_process";
import { join } from "node:path";
import type { CheckReport } from "../../lambda/core/report/report.js";

const RUNNER = join(import.meta.dirname, "lambda-runner.mjs");

export interface BundleRun {
  ok: boolean;
  report?: CheckReport;
  error?: { name?: string; message?: string };
  /** From the handler's call to its settling, measured inside the child. */
  handlerMs: number;
  /** Peak RSS of the child process. */
  maxRssKiB: number;
  stdout: string;
  stderr: string;
}

export interface InvokeOptions {
  /** What the fake context says is left of the invocation. */
  remainingMs?: number;
  requestId?: string;
  /** Extra Node flags (e.g. the deployed NODE_OPTIONS are passed in `env`). */
  cwd?: string;
}

/** Loads the bundled handler in a fresh node process, as Lambda's runtime does, and invokes it once. */
export function invokeBundle(
  bundle: string,
  event: unknown,
  env: Record<string, string>,
  options: InvokeOptions = {},
): Promise<BundleRun> {
  const args = [RUNNER, bundle, JSON.stringify(event), String(options.remainingMs ?? 60_000), options.requestId ?? "e2e-request"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? "", ...env }, cwd: options.cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
      if (!line) {
        reject(new Error(`the bundle's process exited ${code} without a result: ${stderr.slice(-2000)}`));
        return;
      }
      resolve({ ...(JSON.parse(line.slice(7)) as Omit<BundleRun, "stdout" | "stderr">), stdout, stderr });
    });
  });
}
