import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsGetOptions } from "@aws-lambda-powertools/parameters/secrets/types";
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SecretDocument, SecretSource } from "../../checker/ports.js";
import { ConfigError, parseConfigDocument } from "../../core/settings/config.js";
import { parseCredentials } from "../../core/settings/credentials.js";
import type { InvalidEndpoint } from "../../core/settings/endpoint.js";
import { printable } from "../../core/vocabulary/printable.js";
import { within } from "./abort.js";

type AbortableOptions = NonNullable<SecretsGetOptions> & { abortSignal?: AbortSignal };

/**
 * Powertools' provider (its cache, `maxAge`), with the run's abort signal passed to the SDK call, which
 * the stock provider cannot do: a Secrets Manager that never answers costs the run its setup share only.
 */
class AbortableSecretsProvider extends SecretsProvider {
  constructor(private readonly sm: SecretsManagerClient) {
    super({ awsSdkV3Client: sm });
  }

  protected override async _get(name: string, options?: AbortableOptions): Promise<string | Uint8Array | undefined> {
    const out = await this.sm.send(new GetSecretValueCommand({ ...options?.sdkOptions, SecretId: name }), {
      abortSignal: options?.abortSignal,
    });
    return out.SecretString ?? out.SecretBinary;
  }
}

/** Reads endpoint documents from Secrets Manager (cached for `maxAgeSeconds`) and validates them. */
export function secretsManagerSource(client: SecretsManagerClient, maxAgeSeconds: number): SecretSource {
  const provider = new AbortableSecretsProvider(client);
  return {
    async read(secretId, signal): Promise<SecretDocument> {
      let raw: unknown;
      try {
        raw = await within(signal, (abortSignal) =>
          provider.get(secretId, { maxAge: maxAgeSeconds, abortSignal } as AbortableOptions),
        );
      } catch (err) {
        const why = signal.aborted ? "no answer within the run's setup share" : describe(err);
        return { secretId, problem: problem(secretId, "SECRET_UNAVAILABLE", `cannot read secret ${secretId}: ${why}`) };
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
    },
    async readCredentials(secretId, signal) {
      let raw: unknown;
      try {
        raw = await within(signal, (abortSignal) =>
          provider.get(secretId, { maxAge: maxAgeSeconds, abortSignal } as AbortableOptions),
        );
      } catch (err) {
        throw new Error(signal.aborted ? "no answer within the run's setup share" : describe(err));
      }
      const text = raw === undefined ? "" : typeof raw === "string" ? raw : new TextDecoder().decode(raw as Uint8Array);
      const credentials = parseCredentials(text);
      if (!credentials) throw new Error('it holds no password (expected {"username","password"} or an AUTH token)');
      return credentials;
    },
  };
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
  return printable(hints[name] ? `${hints[name]} (${name})` : `${name}: ${message}`);
}
