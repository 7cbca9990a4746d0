import * as z from "zod/mini";
import "./zod.js";

/**
 * Two fields that say the same thing differently: an error naming both, never one quietly winning. A
 * `url` names the host and port and may carry a username, a password, a database and TLS (`rediss://`);
 * a `credentialsSecret` holds the password. Fields that add what the URL leaves out (a password beside a
 * URL without one, TLS options beside `rediss://`) are no conflict: that is how a URL stays free of
 * credentials. Read from the entry as its fields parsed it (the URL as the URL's own check parsed it: one
 * that is not a URL is said there), so a conflict is reported beside any other problem of the entry.
 */
export function connectionConflicts(entry: unknown): string[] {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return [];
  const e = entry as Record<string, unknown>;
  const out: string[] = [];
  const url = e.url instanceof URL ? e.url : undefined;
  if (url) {
    const secure = url.protocol === "rediss:";
    if (e.host !== undefined) out.push('"url" and "host" both name the host: give the URL alone, or host and port without it');
    if (e.port !== undefined) out.push('"url" and "port" both set the port: give it in the URL (redis://host:port)');
    if (e.username !== undefined && url.username) out.push('"url" and "username" both give a username: keep one');
    if (e.password !== undefined && url.password) out.push('"url" and "password" both give a password: keep one');
    if (e.db !== undefined && url.pathname.replace(/^\//, "")) out.push('"url" and "db" both choose the database: keep one');
    if (e.tls === false && secure)
      out.push('"url" asks for TLS (rediss://) and "tls" is false: use redis:// for a plain connection');
    const asksForTls = e.tls === true || (e.tls !== null && typeof e.tls === "object" && !Array.isArray(e.tls));
    if (asksForTls && url.protocol === "redis:") {
      out.push('"url" asks for no TLS (redis://) and "tls" asks for TLS: use rediss://');
    }
  }
  if (e.credentialsSecret !== undefined) {
    if (e.password !== undefined) out.push('"credentialsSecret" and "password" both give the password: keep one');
    else if (url?.password) out.push('"credentialsSecret" and the password in "url" both give the password: keep one');
  }
  return out;
}

/** The check an entry's schema carries: each conflict as an issue on the entry, with no value echoed. */
export function noConflicts() {
  return z.superRefine(
    (entry: unknown, ctx) => {
      for (const message of connectionConflicts(entry)) ctx.addIssue({ code: "custom", message, input: "" });
    },
    // Also when another field of the entry is wrong: every problem in one pass.
    { when: (payload) => payload.value !== null && typeof payload.value === "object" },
  );
}
