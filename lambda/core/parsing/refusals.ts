import type { ActionOutcome } from "../vocabulary/types.js";

/**
 * What a server's refusal of a command means, from its own error text (never from the host name):
 * - `unsupported`: the build cannot (Debian's system-jemalloc build answering CONFIG SET activedefrag);
 * - `no-permission`: the ACL user lacks the command (NOPERM);
 * - `command-unavailable`: the command is renamed or disabled, as CONFIG is on ElastiCache and MemoryDB;
 * - `failed`: anything else.
 */
export function refusal(
  message: string,
): Extract<ActionOutcome, "unsupported" | "no-permission" | "command-unavailable" | "failed"> {
  if (/modified Jemalloc|Active defragmentation cannot be enabled/i.test(message)) return "unsupported";
  if (/NOPERM/i.test(message)) return "no-permission";
  if (/unknown command|unknown subcommand|command not allowed|disabled/i.test(message)) return "command-unavailable";
  return "failed";
}
