import type { ElastiCacheClient } from "@aws-sdk/client-elasticache";
import type { MemoryDBClient } from "@aws-sdk/client-memorydb";
import type { ParameterGroupAccess } from "../../checker/ports.js";
import type { ParameterGroupRef } from "../../core/endpoints/endpoint.js";
import { within } from "./abort.js";
import { accountCredentials } from "./accounts.js";
import { AWS_CLIENT_SETTINGS } from "./clientSettings.js";

/** Clients per region and account (a role in another account, or the function's own when absent). */
export interface ParameterGroupClients {
  elasticache(region?: string, roleArn?: string): Promise<ElastiCacheClient>;
  memorydb(region?: string, roleArn?: string): Promise<MemoryDBClient>;
}

// Loaded on first use: most runs never touch a parameter group, and cold starts should not pay for it.
const elasticacheSdk = () => import("@aws-sdk/client-elasticache");
const memorydbSdk = () => import("@aws-sdk/client-memorydb");

/** Clients per region, built on first use (most runs never need them). */
export function lazyParameterGroupClients(): ParameterGroupClients {
  return {
    elasticache: memoByAccount(
      async (region, roleArn) =>
        new (await elasticacheSdk()).ElastiCacheClient({ region, ...AWS_CLIENT_SETTINGS, ...accountCredentials(roleArn) }),
    ),
    memorydb: memoByAccount(
      async (region, roleArn) =>
        new (await memorydbSdk()).MemoryDBClient({ region, ...AWS_CLIENT_SETTINGS, ...accountCredentials(roleArn) }),
    ),
  };
}

function memoByAccount<T>(make: (region?: string, roleArn?: string) => T): (region?: string, roleArn?: string) => T {
  const cache = new Map<string, T>();
  return (region, roleArn) => {
    const key = `${region ?? ""}|${roleArn ?? ""}`;
    let client = cache.get(key);
    if (!client) {
      client = make(region, roleArn);
      cache.set(key, client);
    }
    return client;
  };
}

/** The group's current `activedefrag` value (undefined when the group has none); rejects when the service does not answer. */
async function currentValue(
  ref: ParameterGroupRef,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<string | undefined> {
  let marker: string | undefined;
  do {
    if (ref.service === "memorydb") {
      const { DescribeParametersCommand } = await memorydbSdk();
      const client = await clients.memorydb(ref.region, ref.roleArn);
      const out = await within(signal, (abortSignal) =>
        client.send(new DescribeParametersCommand({ ParameterGroupName: ref.name, NextToken: marker }), { abortSignal }),
      );
      const p = out.Parameters?.find((x) => x.Name === "activedefrag");
      if (p) return p.Value;
      marker = out.NextToken;
    } else {
      const { DescribeCacheParametersCommand } = await elasticacheSdk();
      const client = await clients.elasticache(ref.region, ref.roleArn);
      const out = await within(signal, (abortSignal) =>
        client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: ref.name, Marker: marker }), { abortSignal }),
      );
      const p = out.Parameters?.find((x) => x.ParameterName === "activedefrag");
      if (p) return p.ParameterValue;
      marker = out.Marker;
    }
  } while (marker);
  return undefined;
}

async function setActiveDefrag(ref: ParameterGroupRef, clients: ParameterGroupClients, signal: AbortSignal): Promise<void> {
  const values = [{ ParameterName: "activedefrag", ParameterValue: "yes" }];
  if (ref.service === "memorydb") {
    const { UpdateParameterGroupCommand } = await memorydbSdk();
    const client = await clients.memorydb(ref.region, ref.roleArn);
    await within(signal, (abortSignal) =>
      client.send(new UpdateParameterGroupCommand({ ParameterGroupName: ref.name, ParameterNameValues: values }), {
        abortSignal,
      }),
    );
  } else {
    const { ModifyCacheParameterGroupCommand } = await elasticacheSdk();
    const client = await clients.elasticache(ref.region, ref.roleArn);
    await within(signal, (abortSignal) =>
      client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: ref.name, ParameterNameValues: values }), {
        abortSignal,
      }),
    );
  }
}

/** ElastiCache and MemoryDB parameter groups: read `activedefrag`, and set it to yes. Nothing is decided here. */
export function awsParameterGroups(clients: ParameterGroupClients): ParameterGroupAccess {
  return {
    read: (ref, signal) => currentValue(ref, clients, signal),
    enableActiveDefrag: (ref, signal) => setActiveDefrag(ref, clients, signal),
  };
}
