import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLIENT_SETTINGS } from "../../lambda/adapters/aws/clientSettings.js";
import { awsMetrics } from "../../lambda/adapters/aws/managed/cloudwatch.js";
import { awsDiscovery } from "../../lambda/adapters/aws/managed/discovery.js";
import { lazyParameterGroupClients } from "../../lambda/adapters/aws/parameterGroups.js";
import { secretsManagerSource } from "../../lambda/adapters/aws/secrets.js";
import { ioredisAccess } from "../../lambda/adapters/redis/client.js";
import { resolveCredentials } from "../../lambda/checker/credentials.js";
import type { ManagedDiscovery } from "../../lambda/checker/ports.js";
import { runCheck } from "../../lambda/checker/runCheck.js";
import { parseConfigDocument } from "../../lambda/core/endpoints/config.js";
import { resolveEndpoints } from "../../lambda/core/endpoints/endpoint.js";
import { resolveManaged } from "../../lambda/core/endpoints/managed/entry.js";
import { freePort } from "../../scripts/lib/redisServer.js";
import { FAULTS, type Fault, startFault } from "../support/awsFaults.js";

/** What each run is given; it must be done, with its report, shortly after. */
const DEADLINE_MS = 2500;
const SLACK_MS = 1000;
const LOOPBACK = { region: "eu-west-1", credentials: { accessKeyId: "AKIDLOOPBACK", secretAccessKey: "loopback-secret" } };

let closed: number;
const saved = { ...process.env };
beforeAll(async () => {
  closed = await freePort();
  // The STS client behind an assumed role reads its credentials and region from the environment.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: "AKIDLOOPBACK",
    AWS_SECRET_ACCESS_KEY: "loopback-secret",
    AWS_REGION: "eu-west-1",
  });
});
afterAll(() => {
  process.env = saved;
});

/** A discovery that found one replication group whose only node does not answer INFO. */
const oneUnreachableNode: ManagedDiscovery = {
  discover: async () => [
    {
      service: "elasticache",
      id: "sessions-prod",
      tls: false,
      nodes: [
        {
          id: "sessions-prod-001/0001",
          host: "127.0.0.1",
          port: closed,
          role: "master",
          dimensions: { CacheClusterId: "sessions-prod-001", CacheNodeId: "0001" },
        },
      ],
    },
  ],
};

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe.concurrent("AWS misbehaving under a managed fleet: the run still ends by its deadline, and says why", () => {
  it.each(FAULTS)("ElastiCache discovery %s: an UNKNOWN endpoint naming the failure", async (fault: Fault) => {
    const faulty = await startFault(fault);
    try {
      const clients = lazyParameterGroupClients();
      const endpointed = {
        elasticache: async () => {
          const { ElastiCacheClient } = await import("@aws-sdk/client-elasticache");
          return new ElastiCacheClient({ ...AWS_CLIENT_SETTINGS, ...LOOPBACK, endpoint: faulty.url });
        },
        memorydb: clients.memorydb,
      };
      const { value: report, ms } = await timed(() =>
        runCheck(resolveManaged(parseConfigDocument({ elasticache: "all" }, "t")), {
          redis: ioredisAccess,
          discovery: awsDiscovery(endpointed),
          deadline: Date.now() + DEADLINE_MS,
        }),
      );
      expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(report.endpoints[0]).toMatchObject({ status: "UNKNOWN", error: { code: "DISCOVERY_FAILED" } });
      expect(report.endpoints[0]?.error?.message).toMatch(/^listing failed: /);
    } finally {
      await faulty.stop();
    }
  });

  it.each(FAULTS)("CloudWatch %s: the unreachable node is UNKNOWN and says CloudWatch failed too", async (fault: Fault) => {
    const faulty = await startFault(fault);
    try {
      const { value: report, ms } = await timed(() =>
        runCheck(resolveManaged(parseConfigDocument({ elasticache: "all", timeouts: { connectMs: 500 } }, "t")), {
          redis: ioredisAccess,
          discovery: oneUnreachableNode,
          metrics: awsMetrics(async () => new CloudWatchClient({ ...AWS_CLIENT_SETTINGS, ...LOOPBACK, endpoint: faulty.url })),
          deadline: Date.now() + DEADLINE_MS,
        }),
      );
      expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
      const node = report.endpoints[0]?.nodes[0];
      expect(node?.status).toBe("UNKNOWN");
      expect(node?.error?.message).toMatch(/connection refused.*; CloudWatch: GetMetricData failed: /s);
    } finally {
      await faulty.stop();
    }
  });

  it.each(FAULTS)("Secrets Manager %s for a credentials secret: SECRET_UNAVAILABLE, within its share", async (fault: Fault) => {
    const faulty = await startFault(fault);
    try {
      const source = secretsManagerSource(
        new SecretsManagerClient({ ...AWS_CLIENT_SETTINGS, ...LOOPBACK, endpoint: faulty.url }),
        0,
      );
      const entries = resolveEndpoints(
        parseConfigDocument({ host: "127.0.0.1", port: closed, credentialsSecret: "users/checker" }, "t"),
      );
      const { value: resolved, ms } = await timed(() => resolveCredentials(entries, source, AbortSignal.timeout(DEADLINE_MS)));
      expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(resolved[0]).toMatchObject({ error: { code: "SECRET_UNAVAILABLE" } });
    } finally {
      await faulty.stop();
    }
  });
});

// One at a time: the STS client takes its endpoint from the environment.
describe("STS misbehaving for another account's role", () => {
  it.each(FAULTS)("%s: an UNKNOWN endpoint, not a hung run", async (fault: Fault) => {
    const faulty = await startFault(fault);
    try {
      // One role per case: the provider of assumed credentials is kept per role.
      const role = `arn:aws:iam::210987654321:role/reader-${fault}`;
      process.env.AWS_ENDPOINT_URL_STS = faulty.url;
      const { value: report, ms } = await timed(() =>
        runCheck(resolveManaged(parseConfigDocument({ elasticache: "all", region: "eu-west-1", roleArn: role }, "t")), {
          redis: ioredisAccess,
          discovery: awsDiscovery(lazyParameterGroupClients()),
          deadline: Date.now() + DEADLINE_MS,
        }),
      );
      expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
      expect(report.endpoints[0]).toMatchObject({ status: "UNKNOWN", error: { code: "DISCOVERY_FAILED" } });
      // It was STS that failed: the listing never got credentials.
      if (fault !== "refuse") expect(faulty.hits()).toBeGreaterThan(0);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_STS;
      await faulty.stop();
    }
  });
});
