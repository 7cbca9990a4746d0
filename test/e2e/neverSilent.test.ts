import { join } from "node:path";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { startFauxqs } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fill } from "../../scripts/lib/fragment.js";
import { type BundleRun, invokeBundle } from "../../scripts/lib/invokeBundle.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { SecretsResponder } from "../../scripts/lib/secretsResponder.js";
import { FAULTS, type Fault, startFault } from "../support/awsFaults.js";
import { DynaliteBench } from "../support/dynalite.js";

const BUNDLE = join(import.meta.dirname, "..", "..", "dist", "lambda", "check.cjs");
/** What the fake context gives each invocation, and the window it keeps for the publish and the state. */
const REMAINING_MS = 6000;
const PUBLISH_WINDOW_MS = 2000;

type Fauxqs = Awaited<ReturnType<typeof startFauxqs>>;
let fauxqs: Fauxqs;
let dynamo: DynaliteBench;
let secrets: SecretsResponder;
let secretsUrl: string;
let full: RedisServer;
let cases = 0;

beforeAll(async () => {
  // A node that is CRITICAL at once: noeviction and 95% of maxmemory.
  full = await RedisServer.start({ config: ["maxmemory 32mb", "maxmemory-policy noeviction"] });
  const c = full.client();
  await fill(c, 31 * 1024 * 1024, 1000).catch(() => undefined);
  c.disconnect();
  [fauxqs, dynamo] = await Promise.all([
    startFauxqs({ port: 0, logger: false, messageSpies: true }),
    DynaliteBench.start("unused"),
  ]);
  secrets = new SecretsResponder({
    "prod/redis": JSON.stringify({ endpoints: [{ name: "cache-prod", url: full.url }] }),
    // Hosts beside a managed entry whose listing goes to the faulty ElastiCache below.
    "prod/fleet": JSON.stringify({ endpoints: [{ name: "cache-prod", url: full.url }], managed: [{ elasticache: "all" }] }),
  });
  secretsUrl = await secrets.start();
});
afterAll(async () => {
  await Promise.all([full?.stop(), fauxqs?.stop(), dynamo?.stop(), secrets?.stop()]);
});

interface Case {
  topic: string;
  table: string;
  queueUrl: string;
  /** Every message delivered so far, as an email subscriber sees it (subject and text). */
  received: Array<{ subject: string; text: string }>;
}

/** A fresh topic, subscribed queue and state table per case, so cases running side by side never meet. */
async function freshCase(): Promise<Case> {
  const n = ++cases;
  const table = `alert-state-${n}`;
  await dynamo.client().send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  const topic = fauxqs.createTopic(`alerts-${n}`).topicArn;
  const queueUrl = fauxqs.createQueue(`inbox-${n}`).queueUrl;
  fauxqs.subscribe({ topic: `alerts-${n}`, queue: `inbox-${n}` });
  return { topic, table, queueUrl, received: [] };
}

function env(c: Case, endpoints: Partial<Record<"secrets" | "dynamodb" | "sns", string>> = {}) {
  return {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDLOOPBACK",
    AWS_SECRET_ACCESS_KEY: "loopback-secret",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secrets ?? secretsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb ?? dynamo.endpoint,
    AWS_ENDPOINT_URL_SNS: endpoints.sns ?? fauxqs.address,
    ENDPOINTS_SECRET_IDS: "prod/redis",
    ALERT_TOPIC_ARN: c.topic,
    STATE_TABLE_NAME: c.table,
    CONSECUTIVE_CHECKS: "1",
    PUBLISH_WINDOW_MS: String(PUBLISH_WINDOW_MS),
    // The Powertools cache would hide a second read; every invocation here is a fresh process anyway.
    SECRETS_MAX_AGE_SECONDS: "0",
    POWERTOOLS_METRICS_DISABLED: "true",
  };
}

const run = (event: unknown, environment: Record<string, string>): Promise<BundleRun> =>
  invokeBundle(BUNDLE, event, environment, { remainingMs: REMAINING_MS, requestId: "req-never-silent" });

/** What the case's subscriber has received so far (SNS's envelope: Subject, and the `default` text). */
async function published(c: Case): Promise<Case["received"]> {
  const sqs = new SQSClient({
    endpoint: fauxqs.address,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "y" },
  });
  for (;;) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: c.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!got.Messages?.length) return c.received;
    for (const m of got.Messages) {
      const envelope = JSON.parse(m.Body ?? "{}") as { Subject?: string; Message?: string };
      c.received.push({ subject: envelope.Subject ?? "", text: envelope.Message ?? "" });
    }
  }
}

async function tableItems(table: string): Promise<Array<Record<string, unknown>>> {
  return (await dynamo.doc().send(new ScanCommand({ TableName: table }))).Items ?? [];
}

describe.concurrent("Secrets Manager misbehaving: the secret is reported, and the alert still goes out in time", () => {
  it.each(FAULTS)("%s", async (fault: Fault) => {
    const faulty = await startFault(fault);
    const c = await freshCase();
    try {
      const result = await run({ mode: "check" }, env(c, { secrets: faulty.url }));
      expect(result.ok, result.error?.message).toBe(true);
      expect(result.handlerMs).toBeLessThan(REMAINING_MS);
      expect(result.report?.endpoints[0]).toMatchObject({ name: "secret:prod/redis", status: "UNKNOWN" });
      expect(result.report?.endpoints[0]?.error?.code).toBe("SECRET_UNAVAILABLE");
      const sent = await published(c);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.subject).toBe("UNKNOWN: Redis secret:prod/redis secret unreadable");
      expect(sent[0]?.text).toMatch(/cannot read secret prod\/redis/);
    } finally {
      await faulty.stop();
    }
  });
});

describe.concurrent("DynamoDB misbehaving: the run alerts without state and says so, in time", () => {
  it.each(FAULTS)("%s", async (fault: Fault) => {
    const faulty = await startFault(fault);
    const c = await freshCase();
    try {
      const result = await run({ mode: "check" }, env(c, { dynamodb: faulty.url }));
      expect(result.ok, result.error?.message).toBe(true);
      expect(result.handlerMs).toBeLessThan(REMAINING_MS);
      expect(result.report?.status).toBe("CRITICAL");
      const sent = await published(c);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.subject).toMatch(
        /^CRITICAL: Redis cache-prod 127\.0\.0\.1:\d+ memory at \d+\.\d% of maxmemory \(noeviction\)$/,
      );
      expect(sent[0]?.text).toMatch(/Note: the alert state table could not be read \(.+\); every non-OK node is reported/);
    } finally {
      await faulty.stop();
    }
  });
});

describe.concurrent("SNS misbehaving: the invocation fails before its deadline, and the claim is undone", () => {
  it.each(FAULTS)("%s", async (fault: Fault) => {
    const faulty = await startFault(fault);
    const c = await freshCase();
    try {
      // Act: the publish cannot succeed.
      const failed = await run({ mode: "check" }, env(c, { sns: faulty.url }));

      // Assess: failed (so the failure destination and the errors alarm see it), in time, nothing claimed.
      expect(failed.ok).toBe(false);
      expect(failed.error?.name).toBe("PublishError");
      expect(failed.error?.message).toMatch(/^the alert was not published \(.+\): CRITICAL: Redis cache-prod/);
      if (fault === "hang") expect(failed.error?.message).toMatch(/no answer within the run's publish window/);
      expect(failed.handlerMs).toBeLessThan(REMAINING_MS);
      expect(await tableItems(c.table)).toEqual([]);

      // The next run, with SNS back, announces it.
      const retried = await run({ mode: "check" }, env(c));
      expect(retried.ok, retried.error?.message).toBe(true);
      expect((await published(c)).map((m) => m.subject)).toEqual([expect.stringMatching(/^CRITICAL: Redis cache-prod/)]);
      expect(await tableItems(c.table)).toEqual([
        expect.objectContaining({ status: "CRITICAL", lastNotifiedAt: expect.any(String) }),
      ]);
    } finally {
      await faulty.stop();
    }
  });

  it("a failed daily summary gives its claim back, so the Scheduler's retry sends it", async () => {
    const faulty = await startFault("http500");
    const c = await freshCase();
    try {
      const failed = await run({ mode: "summary" }, env(c, { sns: faulty.url }));
      expect(failed.ok).toBe(false);
      expect(await tableItems(c.table)).toEqual([]);
      const retried = await run({ mode: "summary" }, env(c));
      expect(retried.ok, retried.error?.message).toBe(true);
      expect((await published(c)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Daily summary, CRITICAL: 0 OK/)]);
      // Once sent, the day's summary is not sent again.
      await run({ mode: "summary" }, env(c));
      expect(await published(c)).toHaveLength(1);
    } finally {
      await faulty.stop();
    }
  });
});

describe.concurrent("EventBridge misbehaving: the message still goes out, in time", () => {
  it.each(FAULTS)("%s", async (fault: Fault) => {
    const faulty = await startFault(fault);
    const c = await freshCase();
    try {
      const result = await run(
        { mode: "check" },
        { ...env(c), EVENT_BUS_NAME: "default", AWS_ENDPOINT_URL_EVENTBRIDGE: faulty.url },
      );
      expect(result.ok, result.error?.message).toBe(true);
      expect(result.handlerMs).toBeLessThan(REMAINING_MS);
      expect((await published(c)).map((m) => m.subject)).toEqual([expect.stringMatching(/^CRITICAL: Redis cache-prod/)]);
      expect(`${result.stdout}${result.stderr}`).toMatch(/alert events not put on the event bus/);
    } finally {
      await faulty.stop();
    }
  });
});

describe.concurrent("ElastiCache misbehaving under a managed entry: the hosts are still checked and alerted, in time", () => {
  it.each(FAULTS)("%s", async (fault: Fault) => {
    const faulty = await startFault(fault);
    const c = await freshCase();
    try {
      const result = await run(
        { mode: "check" },
        { ...env(c), ENDPOINTS_SECRET_IDS: "prod/fleet", AWS_ENDPOINT_URL_ELASTICACHE: faulty.url },
      );
      expect(result.ok, result.error?.message).toBe(true);
      expect(result.handlerMs).toBeLessThan(REMAINING_MS);
      expect(result.report?.endpoints.map((e) => [e.name, e.status, e.error?.code])).toEqual([
        ["cache-prod", "CRITICAL", undefined],
        ["elasticache:all", "UNKNOWN", "DISCOVERY_FAILED"],
      ]);
      const sent = await published(c);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.text).toMatch(/elasticache:all[\s\S]*managed resources not listed|DISCOVERY_FAILED/);
    } finally {
      await faulty.stop();
    }
  });
});

describe("the day a whole fleet breaks: one message, under SNS's limit, delivered", () => {
  it.each([
    ["10,000 unreachable endpoints", 10_000, "closed"],
    ["1,000 CRITICAL nodes", 1_000, "full"],
  ] as const)(
    "%s",
    async (_name, count, kind) => {
      // Prepare: one secret with the whole fleet. Closed ports refuse at once; the full Redis is CRITICAL.
      const closed = await freePort();
      const port = kind === "closed" ? closed : full.port;
      const fleet = new SecretsResponder({
        fleet: JSON.stringify({
          endpoints: Array.from({ length: count }, (_, i) => ({
            name: `node-${i}`,
            host: "127.0.0.1",
            port,
            timeouts: { connectMs: 2000 },
          })),
        }),
      });
      const url = await fleet.start();
      const c = await freshCase();
      try {
        // Act
        const result = await invokeBundle(
          BUNDLE,
          { mode: "check" },
          { ...env(c, { secrets: url }), ENDPOINTS_SECRET_IDS: "fleet", POWERTOOLS_LOG_LEVEL: "WARN" },
          { remainingMs: 60_000, requestId: "req-fleet" },
        );

        // Assess: the emulator enforces SNS's real 262,144-byte limit on the message it accepted.
        expect(result.ok, result.error?.message).toBe(true);
        // The result Lambda would return stays under its 6 MB limit, and still lists every endpoint.
        expect(Buffer.byteLength(JSON.stringify(result.report))).toBeLessThanOrEqual(5 * 1024 * 1024);
        expect(result.report?.endpoints).toHaveLength(count);
        expect(result.report?.counts[kind === "closed" ? "UNKNOWN" : "CRITICAL"]).toBe(count);
        const sent = await published(c);
        expect(sent).toHaveLength(1);
        const body = fauxqs.spy.getAllMessages().find((m) => (m as { topicArn?: string }).topicArn === c.topic) as {
          body: string;
        };
        expect(Buffer.byteLength(body.body)).toBeLessThan(262_144);
        expect(sent[0]?.subject).toMatch(
          new RegExp(`^${kind === "closed" ? "UNKNOWN" : "CRITICAL"}: Redis node-\\d+ .*\\(\\+${count - 1} more\\)$`),
        );
        expect(sent[0]?.text).toMatch(/== \.\.\. and \d+ more nodes, not shown in full/);
        expect(sent[0]?.text).toMatch(/request id req-fleet/);
      } finally {
        await fleet.stop();
      }
      // The invocation's own 60 s deadline bounds the run; the test allows for setup on a loaded 2-core machine.
    },
    180_000,
  );
});

describe("a manual diagnosis", () => {
  it("with notify false never waits on DynamoDB, even a hanging one, and publishes nothing", async () => {
    const [faultyDynamo, faultySns] = await Promise.all([startFault("hang"), startFault("hang")]);
    const c = await freshCase();
    try {
      const result = await run({ notify: false }, env(c, { dynamodb: faultyDynamo.url, sns: faultySns.url }));
      expect(result.ok, result.error?.message).toBe(true);
      expect(result.report?.status).toBe("CRITICAL");
      expect(faultyDynamo.hits()).toBe(0);
      expect(faultySns.hits()).toBe(0);
    } finally {
      await Promise.all([faultyDynamo.stop(), faultySns.stop()]);
    }
  });
});
