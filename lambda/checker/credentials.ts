import type { EndpointEntry, ResolvedEndpoint } from "../core/endpoints/endpoint.js";
import { type Credentials, parseCredentials } from "../core/settings/credentials.js";
import { printable } from "../core/vocabulary/printable.js";
import type { SecretSource } from "./ports.js";
import { isManaged, type RunEntry } from "./runEntries.js";

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
            await readCredentials(source, id, signal).then(
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
    const fill = <T extends { username?: string; password?: string }>(t: T): T => ({
      ...t,
      username: t.username ?? got.c.username,
      password: t.password ?? got.c.password,
    });
    if (isManaged(e)) return { ...e, credentials: fill(e.credentials) };
    const endpoint = e as ResolvedEndpoint;
    return { ...endpoint, target: fill(endpoint.target) };
  });
}

/**
 * A referenced credentials secret (an ElastiCache user secret, JSON with a password, or a bare AUTH token);
 * rejects with why it cannot be used (named, never its value).
 */
async function readCredentials(source: SecretSource, secretId: string, signal: AbortSignal): Promise<Credentials> {
  const credentials = parseCredentials((await source.read(secretId, signal)) ?? "");
  if (!credentials) throw new Error('it holds no password (expected {"username","password"} or an AUTH token)');
  return credentials;
}

/** The secret an entry's credentials are read from, if it names one. */
export function credentialsSecretOf(e: RunEntry): string | undefined {
  return isManaged(e) ? e.settings.credentialsSecret : "error" in e ? undefined : e.credentialsSecret;
}
