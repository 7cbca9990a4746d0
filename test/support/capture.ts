import { Writable } from "node:stream";
import { main } from "../../lambda/cli/main.js";

/** Runs the CLI in-process and captures what it prints. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = new Writable({
    write(chunk, _enc, cb) {
      stdout += chunk;
      cb();
    },
  });
  const err = new Writable({
    write(chunk, _enc, cb) {
      stderr += chunk;
      cb();
    },
  });
  const code = await main(argv, out, err);
  return { code, stdout, stderr };
}
