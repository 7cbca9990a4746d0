import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMAIL_FILTER_POLICY, SMS_FILTER_POLICY } from "../../infra/filterPolicies.js";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { invokeBundle as invokeBundleProcess } from "../../scripts/lib/invokeBundle.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { SecretsResponder } from "../../scripts/lib/secretsResponder.js";
import { DynaliteBench } from "../support/dynalite.js";
import { SCHEDULED_EVENT } from "../support/lambdaContext.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BUNDLE = join(ROOT, "dist", "lambda", "check.cjs");
const PASSWORD = "e2e-Redis-Passw0rd";
const run = promisify(execFile);

type Fauxqs = Awaited<ReturnType<typeof startFauxqs>>;
let fauxqs: Fauxqs;
let secrets: SecretsResponder;
let healthy: RedisServer;
let fragmented: RedisServer;
let topicArn: string;
let dynamo: DynaliteBench;
const queueUrls: Record<string, string> = {};

/** The deployed artifact, loaded in a fresh process as Lambda's runtime does (scripts/lib/invokeBundle). */
async function invokeBundle(
  event: unknown,
  env: Record<string, string>,
): Promise<{ report: CheckReport; stdout: string; stderr: string }> {
  const run = await invokeBundleProcess(BUNDLE, event, env, { remainingMs: 30_000, requestId: "e2e-1" });
  if (!run.ok || !run.report) throw new Error(`the bundle failed: ${run.error?.name}: ${run.error?.message}\n${run.stderr}`);
  return { report: run.report, stdout: run.stdout, stderr: run.stderr };
}

function bundleEnv(): Record<string, string> {
  return {
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDLOOPBACK",
    AWS_SECRET_ACCESS_KEY: "loopback-secret",
    AWS_ENDPOINT_URL_SECRETS_MANAGER: process.env.E2E_SECRETS_URL ?? "",
    AWS_ENDPOINT_URL_SNS: fauxqs.address,
    ENDPOINTS_SECRET_IDS: "prod/redis",
    ALERT_TOPIC_ARN: topicArn,
    DASHBOARD_URL: "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=RedisMemory",
    POWERTOOLS_SERVICE_NAME: "redis-memory-checker",
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    STATE_TABLE_NAME: "alert-state",
    CONSECUTIVE_CHECKS: "1",
  };
}

beforeAll(async () => {
  [healthy, fragmented] = await Promise.all([RedisServer.start({ config: [`requirepass ${PASSWORD}`] }), RedisServer.start()]);
  const c = fragmented.client();
  await fragment(c, { keys: 300_000 });
  c.disconnect();
  const closed = await freePort();

  dynamo = await DynaliteBench.start("alert-state");
  fauxqs = await startFauxqs({ port: 0, logger: false, messageSpies: true });
  topicArn = fauxqs.createTopic("redis-memory-alerts").topicArn;
  queueUrls.email = fauxqs.createQueue("email").queueUrl;
  queueUrls.sms = fauxqs.createQueue("sms").queueUrl;
  fauxqs.subscribe({
    topic: "redis-memory-alerts",
    queue: "email",
    attributes: { FilterPolicy: JSON.stringify(EMAIL_FILTER_POLICY) },
  });
  fauxqs.subscribe({
    topic: "redis-memory-alerts",
    queue: "sms",
    attributes: { FilterPolicy: JSON.stringify(SMS_FILTER_POLICY) },
  });

  secrets = new SecretsResponder({
    "prod/redis": JSON.stringify({
      endpoints: [
        { name: "sessions-prod", host: "127.0.0.1", port: healthy.port, password: PASSWORD },
        { name: "cache-prod", url: fragmented.url },
        { name: "legacy", url: `redis://:${PASSWORD}@127.0.0.1:${closed}`, timeouts: { connectMs: 1000 } },
      ],
    }),
  });
  const secretsUrl = await secrets.start();
  process.env.E2E_SECRETS_URL = secretsUrl;
});

afterAll(async () => {
  await Promise.all([healthy?.stop(), fragmented?.stop(), fauxqs?.stop(), secrets?.stop(), dynamo?.stop()]);
});

describe("the bundled CLI (the package's bin)", () => {
  it("runs as an executable and checks a real Redis", async () => {
    const { stdout } = await run(join(ROOT, "dist", "cli.cjs"), [`redis://127.0.0.1:${healthy.port}`, "--json"], {
      env: { ...process.env, REDISCLI_AUTH: "" },
    }).catch((e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }));
    const report = JSON.parse(stdout) as CheckReport;
    // No password given: the server asks for one, and the report says so.
    expect(report.endpoints[0]?.nodes[0]?.error?.code).toBe("AUTH_FAILED");
    const ok = await run(join(ROOT, "dist", "cli.cjs"), [`redis://127.0.0.1:${fragmented.port}`]).catch(
      (e: { stdout: string }) => e,
    );
    expect(ok.stdout).toMatch(/^redis-memory-checker .*: (WARNING|CRITICAL)/);
  });
});

describe("the bundled Lambda artifact", () => {
  it("is a CommonJS bundle of reasonable size", () => {
    const size = statSync(BUNDLE).size;
    console.log(`bundle ${BUNDLE}: ${(size / 1024).toFixed(1)} KiB`);
    expect(size).toBeGreaterThan(50_000);
  });

  it("handles a real scheduled event end to end: secrets in, alert out, no secret anywhere", async () => {
    // Act
    const { report, stdout, stderr } = await invokeBundle(SCHEDULED_EVENT, bundleEnv());

    // Assess: the report
    expect(report.endpoints.map((e) => [e.name, e.status])).toEqual([
      ["sessions-prod", "OK"],
      ["cache-prod", "CRITICAL"],
      ["legacy", "UNKNOWN"],
    ]);
    expect(secrets.requests).toEqual(["secretsmanager.GetSecretValue prod/redis"]);

    // The alert that arrived at the topic
    const published = await fauxqs.spy.waitForMessage(
      { service: "sns", topicName: "redis-memory-alerts", status: "published" },
      undefined,
      5000,
    );
    const body = JSON.parse((published as { body: string }).body) as Record<string, string>;
    expect(body.default).toMatch(/^Redis memory CRITICAL/);
    expect(Object.keys(body)).toEqual(["default", "sms", "https"]);
    expect(body.default).toMatch(/== CRITICAL: cache-prod, node 127\.0\.0\.1:\d+ \(master\)/);
    expect(body.default).toMatch(/What was measured:[\s\S]*What it means:[\s\S]*What was done:[\s\S]*What to do next:/);
    expect(body.default).toMatch(/CONFIG SET activedefrag yes: dry-run/);
    expect(body.default).toMatch(/== UNKNOWN: legacy[\s\S]*CONNECTION_REFUSED/);
    expect(body.default).toMatch(/Dashboard: https:\/\/console\.aws\.amazon\.com/);
    expect(body.sms?.length).toBeLessThanOrEqual(140);
    expect(body.sms).toMatch(/^CRITICAL Redis cache-prod 127\.0\.0\.1:\d+ fragmentation /);
    expect((published as { messageAttributes: unknown }).messageAttributes).toMatchObject({
      severity: { DataType: "String", StringValue: "CRITICAL" },
      endpoint: { DataType: "String", StringValue: "cache-prod" },
      status: { DataType: "String", StringValue: "FIRING" },
    });

    // Both subscriptions' filter policies let a CRITICAL through.
    const sqs = new SQSClient({
      endpoint: fauxqs.address,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    });
    for (const queue of ["email", "sms"]) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrls[queue], WaitTimeSeconds: 1 }));
      expect(got.Messages?.length, queue).toBe(1);
      const envelope = JSON.parse(got.Messages?.[0]?.Body ?? "{}") as { Subject?: string };
      expect(envelope.Subject).toMatch(/^CRITICAL: Redis cache-prod/);
    }

    // An UNKNOWN-only run (manual payload, no alert state): email hears of it, SMS does not.
    await invokeBundle({ endpoints: ["legacy"] }, { ...bundleEnv(), STATE_TABLE_NAME: "" });
    const email = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrls.email, WaitTimeSeconds: 1 }));
    expect(JSON.parse(email.Messages?.[0]?.Body ?? "{}").Subject).toMatch(
      /^UNKNOWN: Redis legacy 127\.0\.0\.1:\d+ unreachable: connection refused/,
    );
    const sms = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrls.sms, WaitTimeSeconds: 1 }));
    expect(sms.Messages ?? []).toEqual([]);

    // The alert lifecycle (state in DynamoDB): the same state on the next scheduled run says nothing new.
    const snsCount = () => fauxqs.spy.getAllMessages().filter((m) => m.service === "sns").length;
    const before = snsCount();
    const again = await invokeBundle(SCHEDULED_EVENT, bundleEnv());
    expect(again.report.endpoints.find((e) => e.name === "cache-prod")?.status).toBe("CRITICAL");
    expect(snsCount()).toBe(before);

    // Logs are structured JSON with the endpoint and status; EMF metrics are there; no secret anywhere.
    const logs = stdout.split("\n").filter((l) => l.startsWith("{"));
    expect(logs.some((l) => /"message":"endpoint checked".*"endpoint":"cache-prod".*"status":"CRITICAL"/.test(l))).toBe(true);
    expect(logs.some((l) => l.includes('"_aws"') && l.includes('"FragmentationRatio"'))).toBe(true);
    for (const text of [stdout, stderr, JSON.stringify(report), JSON.stringify(published)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain("loopback-secret");
    }
  });
});
