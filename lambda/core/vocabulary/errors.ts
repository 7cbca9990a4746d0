import { printable } from "./printable.js";
import { foreignAnswer } from "./protocols.js";

export type ErrorCode =
  | "CONFIG_INVALID"
  | "SECRET_UNAVAILABLE"
  | "CONNECTION_REFUSED"
  | "NOT_REDIS"
  | "HOST_NOT_FOUND"
  | "TIMEOUT"
  | "AUTH_FAILED"
  | "TLS_FAILED"
  | "NO_PERMISSION"
  | "COMMAND_FAILED"
  | "DEADLINE_EXCEEDED"
  | "DISCOVERY_FAILED"
  | "ERROR";

export interface CheckError {
  code: ErrorCode;
  /** What went wrong, with the endpoint's secrets removed. */
  message: string;
}

/** What a thrown error looks like to the classifier: Node's system errors carry `code`. */
export interface ErrorLike {
  code?: unknown;
  message?: unknown;
  name?: unknown;
  /** The first bytes the server sent on this connection (the Redis adapter attaches them to what it throws). */
  received?: unknown;
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|EPROTO|ECONNRESET_TLS|HOSTNAME_MISMATCH)/;

/** `Name: message` of anything thrown, for reports and notes (AWS SDK errors name their cause); printable. */
export function errorText(err: unknown): string {
  const e = (err ?? {}) as ErrorLike;
  const name = typeof e.name === "string" && e.name ? e.name : "Error";
  return printable(`${name}: ${typeof e.message === "string" ? e.message : String(err)}`);
}

/**
 * Turns a connection or command failure into a code and a message a person can act on. The message is
 * redacted by the caller; this function only names the cause.
 */
export function classifyError(err: unknown): CheckError {
  const e = (err ?? {}) as ErrorLike;
  const code = typeof e.code === "string" ? e.code : "";
  // The server's own text (an error reply) is data: escaped before anyone reads it.
  const message = printable(typeof e.message === "string" && e.message ? e.message : String(err));
  const other = e.received instanceof Uint8Array ? foreignAnswer(e.received) : undefined;
  if (other?.tls) {
    return {
      code: "TLS_FAILED",
      message: `TLS failed: the server answered a plain connection with ${other.protocol} ("${other.quote}"): the port expects TLS; use rediss://`,
    };
  }
  if (other) {
    const what = other.protocol ? `it answered ${other.protocol}` : "its answer is not the Redis protocol";
    return { code: "NOT_REDIS", message: `not a Redis server: ${what} ("${other.quote}")` };
  }
  if (/WRONGPASS|invalid (username-)?password|NOAUTH|Authentication required|AUTH.*without any password/i.test(message)) {
    return { code: "AUTH_FAILED", message: `authentication failed: ${message}` };
  }
  if (/NOPERM/i.test(message)) return { code: "NO_PERMISSION", message: `the ACL user lacks a permission: ${message}` };
  if (code === "ECONNREFUSED") return { code: "CONNECTION_REFUSED", message: `connection refused (${message})` };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { code: "HOST_NOT_FOUND", message: `host not found (${message})` };
  if (
    TLS_CODES.test(code) ||
    /certificate|SSL routines|wrong version number|tls|handshake|self[- ]signed|Hostname\/IP does not match/i.test(message)
  ) {
    return { code: "TLS_FAILED", message: `TLS failed: ${message}` };
  }
  if (code === "ETIMEDOUT" || /timed? ?out/i.test(message)) return { code: "TIMEOUT", message: `timed out: ${message}` };
  if (code === "ECONNRESET" || /Connection is closed|socket closed/i.test(message)) {
    return {
      code: "CONNECTION_REFUSED",
      message: `the server closed the connection (${message}); a TLS server reached without TLS does this`,
    };
  }
  if (/^(ERR|WRONGTYPE|LOADING|BUSY|MASTERDOWN|READONLY|CLUSTERDOWN)\b/.test(message)) {
    return { code: "COMMAND_FAILED", message };
  }
  return { code: "ERROR", message };
}

/** A few words for subjects and SMS, per error code. */
export const ERROR_SUMMARY: Readonly<Record<ErrorCode, string>> = {
  CONFIG_INVALID: "invalid configuration",
  SECRET_UNAVAILABLE: "secret unreadable",
  CONNECTION_REFUSED: "unreachable: connection refused",
  NOT_REDIS: "not a Redis server",
  HOST_NOT_FOUND: "unreachable: host not found",
  TIMEOUT: "unreachable: timed out",
  AUTH_FAILED: "authentication failed",
  TLS_FAILED: "TLS failed",
  NO_PERMISSION: "ACL permission missing",
  COMMAND_FAILED: "a command failed",
  DEADLINE_EXCEEDED: "no answer before the run's deadline",
  DISCOVERY_FAILED: "managed resources not listed",
  ERROR: "check failed",
};

/** What a person should do about a node that could not be checked, per cause. */
export function errorNextStep(code: ErrorCode): string {
  switch (code) {
    case "AUTH_FAILED":
      return "Check the username and password in the endpoint's secret (rotated credentials?).";
    case "TLS_FAILED":
      return "Check rediss:// versus redis://, the CA and client certificate, and the server name.";
    case "NO_PERMISSION":
      return "Grant the checker's ACL user +info (see the README's minimal ACL).";
    case "CONNECTION_REFUSED":
    case "HOST_NOT_FOUND":
    case "TIMEOUT":
      return "Check that Redis is up and reachable from the checker (security groups, VPC, port).";
    case "NOT_REDIS":
      return "Check the port: another service answers there, not Redis (Redis listens on 6379 unless configured otherwise; a proxy or load balancer may forward elsewhere).";
    case "DEADLINE_EXCEEDED":
      return "The run ran out of time before this node answered; raise the timeout or shard the endpoint list.";
    case "DISCOVERY_FAILED":
      return "Deploy with -c managedDiscovery=true (the describe permissions), check the names and region, and read the service's error.";
    case "CONFIG_INVALID":
    case "SECRET_UNAVAILABLE":
      return "Fix the endpoint's configuration (secret contents, names in the payload).";
    default:
      return "Read the error; the other endpoints were still checked.";
  }
}
