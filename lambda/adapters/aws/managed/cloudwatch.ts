import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { MetricSource } from "../../../checker/ports.js";
import type { MetricQuery, MetricSample } from "../../../core/endpoints/managed/cloudwatch.js";
import { CLOUDWATCH_LOOKBACK_MINUTES } from "../../../core/settings/defaults.js";
import { within } from "../abort.js";
import { accountCredentials } from "../accounts.js";
import { AWS_CLIENT_SETTINGS } from "../clientSettings.js";

const sdk = () => import("@aws-sdk/client-cloudwatch");

/** GetMetricData takes at most 500 queries per call. */
const MAX_QUERIES = 500;

/** A CloudWatch client per region and account, built on first use (`defaultRegion` for queries that name none). */
export function lazyCloudWatchClient(defaultRegion?: string): (region?: string, roleArn?: string) => Promise<CloudWatchClient> {
  const clients = new Map<string, Promise<CloudWatchClient>>();
  return (region, roleArn) => {
    const key = `${region ?? defaultRegion ?? ""}|${roleArn ?? ""}`;
    let client = clients.get(key);
    if (!client) {
      client = sdk().then(
        (m) =>
          new m.CloudWatchClient({ region: region ?? defaultRegion, ...AWS_CLIENT_SETTINGS, ...accountCredentials(roleArn) }),
      );
      clients.set(key, client);
    }
    return client;
  };
}

/**
 * The newest datapoint of every query, in one call per region and 500 queries (GetMetricData reads one
 * region). Only reads.
 */
export function awsMetrics(client: (region?: string, roleArn?: string) => Promise<CloudWatchClient>): MetricSource {
  return {
    async latest(queries: readonly MetricQuery[], signal: AbortSignal) {
      const out = new Map<string, MetricSample>();
      // One GetMetricData reads one region of one account.
      const groups = new Map<string, MetricQuery[]>();
      for (const q of queries) {
        const key = `${q.region ?? ""}|${q.roleArn ?? ""}`;
        groups.set(key, [...(groups.get(key) ?? []), q]);
      }
      await Promise.all(
        [...groups.values()].map(async (qs) => readRegion(await client(qs[0]?.region, qs[0]?.roleArn), qs, signal, out)),
      );
      return out;
    },
  };
}

async function readRegion(
  cw: CloudWatchClient,
  queries: readonly MetricQuery[],
  signal: AbortSignal,
  out: Map<string, MetricSample>,
): Promise<void> {
  const { GetMetricDataCommand } = await sdk();
  const end = new Date();
  const start = new Date(end.getTime() - CLOUDWATCH_LOOKBACK_MINUTES * 60_000);
  for (let i = 0; i < queries.length; i += MAX_QUERIES) {
    const batch = queries.slice(i, i + MAX_QUERIES);
    let token: string | undefined;
    do {
      const page = await within(signal, (abortSignal) =>
        cw.send(
          new GetMetricDataCommand({
            StartTime: start,
            EndTime: end,
            ScanBy: "TimestampDescending",
            NextToken: token,
            MetricDataQueries: batch.map((q) => ({
              Id: q.id,
              ReturnData: true,
              MetricStat: {
                Metric: {
                  Namespace: q.namespace,
                  MetricName: q.metric,
                  Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })),
                },
                Period: 60,
                Stat: q.stat,
              },
            })),
          }),
          { abortSignal },
        ),
      );
      for (const r of page.MetricDataResults ?? []) {
        const value = r.Values?.[0];
        const at = r.Timestamps?.[0];
        // Numbers that cannot be true are absent, as everywhere else.
        if (r.Id && value !== undefined && Number.isFinite(value) && value >= 0 && at && !out.has(r.Id)) {
          out.set(r.Id, { value, at: new Date(at).toISOString() });
        }
      }
      token = page.NextToken;
    } while (token);
  }
}
