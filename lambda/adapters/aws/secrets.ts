import type { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { InvalidEndpoint } from "../../checker/runCheck.js";
import { type ConfigDocument, ConfigError, parseConfigDocument } from "../../core/config.js";

export interface SecretDocument {
  secretId: string;
  document?: ConfigDocument;
  /** Set when the secret could not be used; names the secret and the field, never a value. */
  problem?: InvalidEndpoint;
}

/** Reads one secret through the Powertools provider (cached for `maxAge` seconds) and validates it. */
export async function readSecretDocument(provider: SecretsProvider, secretId: string, maxAge: number): Promise<SecretDocument> {
  let raw: unknown;
  try {
    raw = await provider.get(secretId, { maxAge });
  } catch (err) {
    return { secretId, problem: problem(secretId, "SECRET_UNAVAILABLE", `cannot read secret ${secretId}: ${describe(err)}`) };
  }
  if (raw === undefined) {
    return { secretId, problem: problem(secretId, "SECRET_UNAVAILABLE", `secret ${secretId} has no value`) };
  }
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw as Uint8Array);
  try {
    return { secretId, document: parseConfigDocument(text, `secret ${secretId}`) };
  } catch (err) {
    if (err instanceof ConfigError) {
      return { secretId, problem: problem(secretId, "CONFIG_INVALID", `secret ${secretId}: ${err.problems.join("; ")}`) };
    }
    throw err;
  }
}

function problem(secretId: string, code: "CONFIG_INVALID" | "SECRET_UNAVAILABLE", message: string): InvalidEndpoint {
  return { name: `secret:${secretId}`, target: `secretsmanager:${secretId}`, error: { code, message } };
}

/** The SDK's error name says what is wrong; its message never carries the secret's value. */
function describe(err: unknown): string {
  const root = (err as { cause?: unknown })?.cause ?? err;
  const name = (root as { name?: string })?.name ?? "Error";
  const hints: Record<string, string> = {
    ResourceNotFoundException: "no such secret",
    AccessDeniedException: "access denied (check the function's secretsmanager:GetSecretValue permission)",
    DecryptionFailure: "KMS could not decrypt it (check the key policy)",
  };
  const message = (root as { message?: string })?.message ?? String(root);
  return hints[name] ? `${hints[name]} (${name})` : `${name}: ${message}`;
}
