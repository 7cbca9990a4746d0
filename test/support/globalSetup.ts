import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REQUIRED_BUILDS, serverBuild } from "../../scripts/lib/binaries.js";

/**
 * Builds dist/ once, so every end-to-end test loads the artifact of the code under test. A missing Redis
 * build does not stop the run: it is named here, once, and fails only the tests that start it (each with
 * the command that installs it).
 */
export default function setup(): void {
  const missing = REQUIRED_BUILDS.filter((id) => {
    try {
      serverBuild(id);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    process.stderr.write(
      `\nmissing server builds: ${missing.join(", ")}; the tests that need them will fail. Fix: bash scripts/install-redis.sh\n\n`,
    );
  }
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
    cwd: join(import.meta.dirname, "..", ".."),
    stdio: "ignore",
  });
}
