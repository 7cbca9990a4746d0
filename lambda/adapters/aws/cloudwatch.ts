import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { MetricSource } from "../../checker/ports.js";
import type { MetricQuery, MetricSample } from "../../core/managed/cloudwatch.js";
import { CLOUDWATCH_LOOKBACK_MINUTES } from "../../core/settings/defaults.js";
import { within } from "./abort.js";
import { AWS_CLIENT_SETTINGS } from "./clientSettings.js";

const sdk = () => import("@aws-sdk/client-cloudwatch");

/** GetMetricData takes at most 500 queries per call. */
const MAX_QUERIES = 500;

export function lazyCloudWatchClient(region?: string): () => Promise<CloudWatchClient> {
  let client: Promise<CloudWatchClient> | undefined;
  return () => {
    client ??= sdk().then((m) => new m.CloudWatchClient({ region, ...AWS_CLIENT_SETTINGS }));
    return client;
  };
}

/** The newest datapoint of every query, newest first, in one call per 500 queries. Only reads. */
export function awsMetrics(client: () => Promise<CloudWatchClient>): MetricSource {
  return {
    async latest(queries: readonly MetricQuery[], signal: AbortSignal) {
      const { GetMetricDataCommand } = await sdk();
      const cw = await client();
      const end = new Date();
      const start = new Date(end.getTime() - CLOUDWATCH_LOOKBACK_MINUTES * 60_000);
      const out = new Map<string, MetricSample>();
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
      return out;
    },
  };
}
