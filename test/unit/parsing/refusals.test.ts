import { describe, expect, it } from "vitest";
import { refusal } from "../../../lambda/core/parsing/refusals.js";

// Captured from Debian's redis-server 7.0 (system jemalloc) answering CONFIG SET activedefrag yes.
const DEBIAN_REFUSAL =
  "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution";

describe("refusal", () => {
  it.each([
    [DEBIAN_REFUSAL, "unsupported"],
    ["NOPERM User checker has no permissions to run the 'config|set' command", "no-permission"],
    ["ERR unknown command 'CONFIG', with args beginning with: 'SET' 'activedefrag' 'yes' ", "command-unavailable"],
    ["ERR something else went wrong", "failed"],
  ])("%s -> %s", (message, outcome) => {
    expect(refusal(message)).toBe(outcome);
  });
});
