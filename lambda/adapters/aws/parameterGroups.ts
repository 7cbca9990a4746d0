import type { ElastiCacheClient } from "@aws-sdk/client-elasticache";
import type { MemoryDBClient } from "@aws-sdk/client-memorydb";
import type { EndpointRemediator } from "../../checker/ports.js";
import {
  classifyParameterGroupError,
  decideParameterGroup,
  parameterGroupCommand,
} from "../../core/remediation/parameterGroup.js";
import type { ParameterGroupRef } from "../../core/settings/endpoint.js";
import { errorText } from "../../core/vocabulary/errors.js";
import type { ActionResult } from "../../core/vocabulary/types.js";
import { within } from "./abort.js";
import { AWS_CLIENT_SETTINGS } from "./clients.js";

export interface ParameterGroupClients {
  elasticache(region?: string): Promise<ElastiCacheClient>;
  memorydb(region?: string): Promise<MemoryDBClient>;
}

// Loaded on first use: most runs never touch a parameter group, and cold starts should not pay for it.
const elasticacheSdk = () => import("@aws-sdk/client-elasticache");
const memorydbSdk = () => import("@aws-sdk/client-memorydb");

/** Clients per region, built on first use (most runs never need them). */
export function lazyParameterGroupClients(): ParameterGroupClients {
  return {
    elasticache: memoByRegion(
      async (region) => new (await elasticacheSdk()).ElastiCacheClient({ region, ...AWS_CLIENT_SETTINGS }),
    ),
    memorydb: memoByRegion(async (region) => new (await memorydbSdk()).MemoryDBClient({ region, ...AWS_CLIENT_SETTINGS })),
  };
}

function memoByRegion<T>(make: (region?: string) => T): (region?: string) => T {
  const cache = new Map<string, T>();
  return (region) => {
    const key = region ?? "";
    let client = cache.get(key);
    if (!client) {
      client = make(region);
      cache.set(key, client);
    }
    return client;
  };
}

/** The group's current `activedefrag` value, or undefined when it cannot be read (then the write decides). */
async function currentValue(
  ref: ParameterGroupRef,
  clients: ParameterGroupClients,
  signal: AbortSignal,
): Promise<string | undefined> {
  try {
    let marker: string | undefined;
    do {
      if (ref.service === "memorydb") {
        const { DescribeParametersCommand } = await memorydbSdk();
        const client = await clients.memorydb(ref.region);
        const out = await within(signal, (abortSignal) =>
          client.send(new DescribeParametersCommand({ ParameterGroupName: ref.name, NextToken: marker }), { abortSignal }),
        );
        const p = out.Parameters?.find((x) => x.Name === "activedefrag");
        if (p) return p.Value;
        marker = out.NextToken;
      } else {
        const { DescribeCacheParametersCommand } = await elasticacheSdk();
        const client = await clients.elasticache(ref.region);
        const out = await within(signal, (abortSignal) =>
          client.send(new DescribeCacheParametersCommand({ CacheParameterGroupName: ref.name, Marker: marker }), { abortSignal }),
        );
        const p = out.Parameters?.find((x) => x.ParameterName === "activedefrag");
        if (p) return p.ParameterValue;
        marker = out.Marker;
      }
    } while (marker);
  } catch {
    // Reading is a courtesy; the modify call below reports any real refusal.
  }
  return undefined;
}

async function setActiveDefrag(ref: ParameterGroupRef, clients: ParameterGroupClients, signal: AbortSignal): Promise<void> {
  const values = [{ ParameterName: "activedefrag", ParameterValue: "yes" }];
  if (ref.service === "memorydb") {
    const { UpdateParameterGroupCommand } = await memorydbSdk();
    const client = await clients.memorydb(ref.region);
    await within(signal, (abortSignal) =>
      client.send(new UpdateParameterGroupCommand({ ParameterGroupName: ref.name, ParameterNameValues: values }), {
        abortSignal,
      }),
    );
  } else {
    const { ModifyCacheParameterGroupCommand } = await elasticacheSdk();
    const client = await clients.elasticache(ref.region);
    await within(signal, (abortSignal) =>
      client.send(new ModifyCacheParameterGroupCommand({ CacheParameterGroupName: ref.name, ParameterNameValues: values }), {
        abortSignal,
      }),
    );
  }
}

/**
 * Endpoint-wide repair for ElastiCache and MemoryDB: when a node wanted active defrag and CONFIG was refused,
 * set `activedefrag yes` in the endpoint's custom parameter group, in the endpoint's remediation mode.
 */
export function parameterGroupRemediator(clients: ParameterGroupClients): EndpointRemediator {
  return async (endpoint, nodes, signal): Promise<ActionResult[]> => {
    const ref = endpoint.remediation.parameterGroupRef;
    let decision = decideParameterGroup(ref, endpoint.remediation.mode, nodes);
    if (decision.kind === "none" || !ref) return [];
    if (decision.kind === "call" || decision.result.outcome === "dry-run") {
      decision = decideParameterGroup(ref, endpoint.remediation.mode, nodes, await currentValue(ref, clients, signal));
    }
    if (decision.kind !== "call") return decision.kind === "settled" ? [decision.result] : [];
    const command = parameterGroupCommand(ref);
    try {
      await setActiveDefrag(ref, clients, signal);
      return [
        {
          action: "ENABLE_ACTIVEDEFRAG",
          command,
          outcome: "applied",
          reason: decision.reason,
          nextStep: "Nodes apply it within minutes; the next checks show defrag running.",
        },
      ];
    } catch (err) {
      const e = err as { name?: string; message?: string };
      const message = errorText(err);
      return [
        {
          action: "ENABLE_ACTIVEDEFRAG",
          command,
          reason: decision.reason,
          serverMessage: message,
          ...classifyParameterGroupError(e.name ?? "", e.message ?? ""),
        },
      ];
    }
  };
}
