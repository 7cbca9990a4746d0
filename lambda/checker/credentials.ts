import type { EndpointEntry, ResolvedEndpoint } from "../core/settings/endpoint.js";
import { printable } from "../core/vocabulary/printable.js";
import { isManaged, type RunEntry } from "./managed.js";
import type { SecretSource } from "./ports.js";

/**
 * Fills endpoints' (and managed entries') credentials from the secrets they reference, each secret read
 * once. An endpoint whose secret cannot be read is reported as such (SECRET_UNAVAILABLE), not tried
 * without credentials.
 */
export async function resolveCredentials(
  entries: readonly RunEntry[],
  source: SecretSource,
  signal: AbortSignal,
): Promise<RunEntry[]> {
  const ids = [...new Set(entries.flatMap((e) => credentialsSecretOf(e) ?? []))];
  if (ids.length === 0) return [...entries];
  const read = new Map(
    await Promise.all(
      ids.map(
        async (id) =>
          [
            id,
            await source.readCredentials(id, signal).then(
              (c) => ({ c }),
              (err: unknown) => ({ err: printable(err instanceof Error ? err.message : String(err)) }),
            ),
          ] as const,
      ),
    ),
  );
  return entries.map((e): RunEntry => {
    const id = credentialsSecretOf(e);
    const got = id === undefined ? undefined : read.get(id);
    if (!got) return e;
    if ("err" in got) {
      const failed: EndpointEntry = {
        name: e.name,
        target: isManaged(e) ? e.name : (e as ResolvedEndpoint).display,
        error: { code: "SECRET_UNAVAILABLE", message: `cannot read credentials secret ${id}: ${got.err}` },
      };
      return failed;
    }
    const fill = (t: ResolvedEndpoint): ResolvedEndpoint => ({
      ...t,
      target: { ...t.target, username: t.target.username ?? got.c.username, password: t.target.password ?? got.c.password },
    });
    return isManaged(e) ? { ...e, template: fill(e.template) } : fill(e as ResolvedEndpoint);
  });
}

/** The secret an entry's credentials are read from, if it names one. */
export function credentialsSecretOf(e: RunEntry): string | undefined {
  return isManaged(e) ? e.template.credentialsSecret : "error" in e ? undefined : e.credentialsSecret;
}
