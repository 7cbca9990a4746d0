import { debianRedisServer, defragRedisServer } from "./binaries.js";

/**
 * Stops the run at once, with the one-line fix and no stack trace, when the Redis binaries the bench needs
 * are missing. In CI they must be there: these tests run, never skip.
 */
export default function setup(): void {
  try {
    debianRedisServer();
    defragRedisServer();
  } catch (err) {
    process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n\n`);
    process.exit(1);
  }
}
