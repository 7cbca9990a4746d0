import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { AWS_CLIENT_SETTINGS } from "./clientSettings.js";

const sts = () => import("@aws-sdk/client-sts");

/** Fifteen minutes: the shortest session AssumeRole grants, longer than any run. */
const SESSION_SECONDS = 900;

const providers = new Map<string, AwsCredentialIdentityProvider>();

/**
 * Credentials of a role in another account, assumed with the function's own (sts:AssumeRole on that role
 * only), one provider per role; the SDK asks again when they expire.
 */
export function assumedRole(roleArn: string): AwsCredentialIdentityProvider {
  let provider = providers.get(roleArn);
  if (!provider) {
    let client: Promise<import("@aws-sdk/client-sts").STSClient> | undefined;
    provider = async (): Promise<AwsCredentialIdentity> => {
      const { STSClient, AssumeRoleCommand } = await sts();
      client ??= Promise.resolve(new STSClient({ ...AWS_CLIENT_SETTINGS }));
      const out = await (await client).send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "redis-memory-checker", DurationSeconds: SESSION_SECONDS }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
    };
    providers.set(roleArn, provider);
  }
  return provider;
}

/** For a client in another account: the assumed role's credentials; else the default chain. */
export function accountCredentials(roleArn?: string): { credentials?: AwsCredentialIdentityProvider } {
  return roleArn ? { credentials: assumedRole(roleArn) } : {};
}
