import { AWS_CLIENT_SETTINGS } from "../adapters/aws/clientSettings.js";
import { awsMetrics, lazyCloudWatchClient } from "../adapters/aws/managed/cloudwatch.js";
import { awsDiscovery } from "../adapters/aws/managed/discovery.js";
import { awsParameterGroups, lazyParameterGroupClients } from "../adapters/aws/parameterGroups.js";
import type { ManagedDiscovery, MetricSource, ParameterGroupAccess, SecretSource } from "../checker/ports.js";

export interface CliAws {
  secrets: SecretSource;
  parameterGroups: ParameterGroupAccess;
  discovery: ManagedDiscovery;
  metrics: MetricSource;
}

/**
 * The CLI's AWS side, with the caller's own credentials (the default provider chain, as the AWS CLI uses).
 * The bundled CLI loads it (dist/cli-aws.cjs) only for runs that need it (./needsAws.ts); each SDK client
 * package loads on its first call, so a document with managed entries only never loads Secrets Manager's.
 */
export function cliAws(): CliAws {
  const clients = lazyParameterGroupClients();
  return {
    secrets: lazySecrets(),
    parameterGroups: awsParameterGroups(clients),
    discovery: awsDiscovery(clients),
    metrics: awsMetrics(lazyCloudWatchClient()),
  };
}

/** Credentials secrets referenced in --config, read uncached (a CLI run reads each once). */
function lazySecrets(): SecretSource {
  let source: Promise<SecretSource> | undefined;
  const get = () => {
    source ??= Promise.all([import("@aws-sdk/client-secrets-manager"), import("../adapters/aws/secrets.js")]).then(
      ([sdk, secrets]) => secrets.secretsManagerSource(new sdk.SecretsManagerClient({ ...AWS_CLIENT_SETTINGS }), 0),
    );
    return source;
  };
  return { read: async (secretId, signal) => (await get()).read(secretId, signal) };
}
