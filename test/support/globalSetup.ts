import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REQUIRED_BUILDS, serverBuild } from "../../scripts/lib/binaries.js";

/**
 * Stops the run at once, with the one-line fix and no stack trace, when the Redis binaries the bench needs
 * are missing. In CI they must be there: these tests run, never skip. Then builds dist/ once, so every
 * end-to-end test loads the artifact of the code under test.
 */
export default function setup(): void {
  try {
    for (const id of REQUIRED_BUILDS) serverBuild(id);
  } catch (err) {
    process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n\n`);
    process.exit(1);
  }
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
    cwd: join(import.meta.dirname, "..", ".."),
    stdio: "ignore",
  });
}
