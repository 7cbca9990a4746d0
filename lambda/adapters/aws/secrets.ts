import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsGetOptions } from "@aws-lambda-powertools/parameters/secrets/types";
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SecretSource } from "../../checker/ports.js";
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

/**
 * Reads secrets from Secrets Manager (cached for `maxAgeSeconds`) as text, binary ones decoded: what they
 * hold is the use case's to read.
 */
export function secretsManagerSource(client: SecretsManagerClient, maxAgeSeconds: number): SecretSource {
  const provider = new AbortableSecretsProvider(client);
  return {
    async read(secretId, signal) {
      let raw: unknown;
      try {
        raw = await within(signal, (abortSignal) =>
          provider.get(secretId, { maxAge: maxAgeSeconds, abortSignal } as AbortableOptions),
        );
      } catch (err) {
        throw new Error(signal.aborted ? "no answer within the run's setup share" : describe(err));
      }
      if (raw === undefined) return undefined;
      return typeof raw === "string" ? raw : new TextDecoder().decode(raw as Uint8Array);
    },
  };
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
