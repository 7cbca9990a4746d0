import { join } from "node:path";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMAIL_FILTER_POLICY, forOwner } from "../../infra/filterPolicies.js";
import { invokeBundle } from "../../scripts/lib/invokeBundle.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { SecretsResponder } from "../../scripts/lib/secretsResponder.js";

const BUNDLE = join(import.meta.dirname, "..", "..", "dist", "lambda", "check.cjs");

let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
let secrets: SecretsResponder;
let server: RedisServer;
let topicArn: string;
let secretsUrl: string;
const queues: Record<string, string> = {};

beforeAll(async () => {
  server = await RedisServer.start({ config: ["maxmemory 2mb", "maxmemory-policy noeviction"] });
  const c = server.client();
  // Full under noeviction: a CRITICAL, for real.
  for (let i = 0; ; i++) {
    const ok = await c.set(`k${i}`, "x".repeat(1000)).catch(() => undefined);
    if (!ok) break;
  }
  c.disconnect();
  const closed = await freePort();
  fauxqs = await startFauxqs({ port: 0, logger: false, messageSpies: true });
  topicArn = fauxqs.createTopic("alerts").topicArn;
  for (const [queue, policy] of [
    ["everyone", EMAIL_FILTER_POLICY],
    ["payments", forOwner(EMAIL_FILTER_POLICY, "payments")],
    ["search", forOwner(EMAIL_FILTER_POLICY, "search")],
  ] as const) {
    queues[queue] = fauxqs.createQueue(queue).queueUrl;
    fauxqs.subscribe({ topic: "alerts", queue, attributes: { FilterPolicy: JSON.stringify(policy) } });
  }
  secrets = new SecretsResponder({
    teams: JSON.stringify({
      endpoints: [
        { name: "checkout", url: server.url, owner: "payments", tags: { env: "prod" } },
        { name: "search-cache", url: `redis://127.0.0.1:${closed}`, owner: "search", timeouts: { connectMs: 500 } },
      ],
    }),
  });
  secretsUrl = await secrets.start();
});

afterAll(async () => {
  await Promise.all([server?.stop(), fauxqs?.stop(), secrets?.stop()]);
});

describe("teams: one message per owner, routed by the owner attribute", () => {
  it("each team's subscription receives only its own nodes; an unfiltered one receives both", async () => {
    const run = await invokeBundle(
      BUNDLE,
      { mode: "check" },
      {
        AWS_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "AKIDLOOPBACK",
        AWS_SECRET_ACCESS_KEY: "loopback-secret",
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsUrl,
        AWS_ENDPOINT_URL_SNS: fauxqs.address,
        ENDPOINTS_SECRET_IDS: "teams",
        ALERT_TOPIC_ARN: topicArn,
        POWERTOOLS_METRICS_DISABLED: "true",
        POWERTOOLS_LOG_LEVEL: "WARN",
      },
      { remainingMs: 30_000 },
    );
    expect(run.ok).toBe(true);
    expect(run.report?.endpoints.map((e) => [e.name, e.owner, e.status])).toEqual([
      ["checkout", "payments", "CRITICAL"],
      ["search-cache", "search", "UNKNOWN"],
    ]);
    const sqs = new SQSClient({
      endpoint: fauxqs.address,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    });
    const receive = async (queue: string) =>
      (
        await sqs.send(new ReceiveMessageCommand({ QueueUrl: queues[queue], WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }))
      ).Messages?.map(
        (m) => JSON.parse(m.Body ?? "{}") as { Subject: string; MessageAttributes: Record<string, { Value: string }> },
      ) ?? [];
    const payments = await receive("payments");
    expect(payments.map((m) => m.Subject)).toEqual([expect.stringMatching(/^CRITICAL: Redis checkout /)]);
    expect(payments[0]?.MessageAttributes.owner?.Value).toBe("payments");
    expect(payments[0]?.MessageAttributes.tags?.Value).toBe('["env=prod"]');
    const search = await receive("search");
    expect(search.map((m) => m.Subject)).toEqual([expect.stringMatching(/^UNKNOWN: Redis search-cache /)]);
    expect((await receive("everyone")).map((m) => m.MessageAttributes.owner?.Value).sort()).toEqual(["payments", "search"]);
  });
});
