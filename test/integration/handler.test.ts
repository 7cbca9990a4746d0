import { createServer, type Server } from "node:net";
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckReport } from "../../lambda/core/report/report.js";
import { fragment } from "../../scripts/lib/fragment.js";
import { freePort, RedisServer } from "../../scripts/lib/redisServer.js";
import { fakeContext, SCHEDULED_EVENT } from "../support/lambdaContext.js";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:redis-memory-alerts";
const PASSWORD = "pw-Secret-987";
const secrets = mockClient(SecretsManagerClient);
const snsMock = mockClient(SNSClient);

let healthy: RedisServer;
let fragmented: RedisServer;
let closedPort: number;
let silent: Server;
let silentPort: number;

type Handler = (event: unknown, ctx: ReturnType<typeof fakeContext>) => Promise<CheckReport>;
async function loadHandler(env: Record<string, string> = {}): Promise<Handler> {
  vi.resetModules();
  vi.stubEnv("ENDPOINTS_SECRET_IDS", "prod/redis,team-b/redis");
  vi.stubEnv("ALERT_TOPIC_ARN", TOPIC);
  vi.stubEnv("SECRETS_MAX_AGE_SECONDS", "0");
  vi.stubEnv("AWS_REGION", "eu-west-1");
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  return (await import("../../lambda/handlers/check.js")).handler as Handler;
}

function secretsReturn(values: Record<string, unknown>) {
  secrets.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const v = values[input.SecretId];
    if (v === undefined)
      throw new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} });
    return { Name: input.SecretId, SecretString: typeof v === "string" ? v : JSON.stringify(v) };
  });
}

beforeAll(async () => {
  [healthy, fragmented] = await Promise.all([RedisServer.start({ config: [`requirepass ${PASSWORD}`] }), RedisServer.start()]);
  const c = fragmented.client();
  await fragment(c, { keys: 300_000 });
  c.disconnect();
  closedPort = await freePort();
  // Accepts connections and never answers: a straggler.
  silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  await Promise.all([healthy?.stop(), fragmented?.stop()]);
  silent?.close();
});
beforeEach(() => {
  secrets.reset();
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const prodSecret = () => ({
  endpoints: [
    { name: "sessions-prod", url: `redis://:${PASSWORD}@127.0.0.1:${healthy.port}` },
    { name: "cache-prod", host: "127.0.0.1", port: fragmented.port },
  ],
});
const teamBSecret = () => [{ name: "team-b", url: `redis://127.0.0.1:${closedPort}` }];

describe("check handler", () => {
  it("scheduled event: checks every endpoint of every secret and publishes one alert", async () => {
    // Prepare
    secretsReturn({ "prod/redis": prodSecret(), "team-b/redis": teamBSecret() });
    const handler = await loadHandler({ DASHBOARD_URL: "https://console.aws.amazon.com/cloudwatch/home#dashboards:name=redis" });

    // Act
    const report = await handler(SCHEDULED_EVENT, fakeContext());

    // Assess
    expect(report.endpoints.map((e) => [e.name, e.status])).toEqual([
      ["sessions-prod", "OK"],
      ["cache-prod", "CRITICAL"],
      ["team-b", "UNKNOWN"],
    ]);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TopicArn: TOPIC, MessageStructure: "json" });
    expect(input?.Subject?.length).toBeLessThan(100);
    expect(input?.Subject).toMatch(/^CRITICAL: Redis cache-prod 127\.0\.0\.1:\d+ fragmentation \d+\.\d\dx/);
    const message = JSON.parse(input?.Message ?? "{}");
    expect(message.sms.length).toBeLessThanOrEqual(140);
    expect(Object.keys(message)).toEqual(["default", "sms", "https"]);
    expect(message.default).toMatch(/team-b, node 127\.0\.0\.1:\d+[\s\S]*CONNECTION_REFUSED/);
    expect(message.default).toMatch(/Dashboard: https:\/\/console/);
    expect(input?.MessageAttributes).toMatchObject({
      severity: { DataType: "String", StringValue: "CRITICAL" },
      endpoint: { DataType: "String", StringValue: "cache-prod" },
      status: { DataType: "String", StringValue: "FIRING" },
    });
    expect(JSON.stringify([report, input])).not.toContain(PASSWORD);
  });

  it("manual invocation: only the named endpoints, a remediation override, and no publish with notify false", async () => {
    secretsReturn({ "prod/redis": prodSecret(), "team-b/redis": teamBSecret() });
    const handler = await loadHandler();
    const report = await handler({ endpoints: ["cache-prod", "nope"], remediate: "off", notify: false }, fakeContext());
    expect(report.endpoints.map((e) => e.name)).toEqual(["cache-prod", "nope"]);
    expect(report.endpoints[0]?.nodes[0]?.actions).toEqual([]);
    expect(report.endpoints[1]?.error?.message).toMatch(/no endpoint named nope/);
    expect(snsMock).not.toHaveReceivedCommand(PublishCommand);
  });

  it("a bad payload is a clear error", async () => {
    secretsReturn({ "prod/redis": prodSecret(), "team-b/redis": teamBSecret() });
    const handler = await loadHandler();
    await expect(handler({ endpoints: "cache-prod" }, fakeContext())).rejects.toThrow(
      /invalid payload: endpoints: .*expected array/,
    );
    await expect(handler({ remediate: "always" }, fakeContext())).rejects.toThrow(/remediate/);
  });

  it("a missing secret and a malformed one are named (never their values); other endpoints are still checked", async () => {
    secretsReturn({ "prod/redis": { endpoints: [{ name: "x", url: `redis://u:${PASSWORD}@h:1`, port: "6379" }] } });
    const handler = await loadHandler();
    const report = await handler({ notify: false }, fakeContext());
    const byName = Object.fromEntries(report.endpoints.map((e) => [e.name, e]));
    expect(byName["secret:prod/redis"]?.error).toMatchObject({ code: "CONFIG_INVALID" });
    expect(byName["secret:prod/redis"]?.error?.message).toMatch(/secret prod\/redis: endpoints\[0\]\.port/);
    expect(byName["secret:team-b/redis"]?.error?.message).toMatch(
      /cannot read secret team-b\/redis: no such secret \(ResourceNotFoundException\)/,
    );
    expect(JSON.stringify(report)).not.toContain(PASSWORD);

    secretsReturn({ "prod/redis": "{not json", "team-b/redis": teamBSecret() });
    const again = await (await loadHandler())({ notify: false }, fakeContext());
    expect(again.endpoints.map((e) => [e.name, e.status])).toEqual([
      ["secret:prod/redis", "UNKNOWN"],
      ["team-b", "UNKNOWN"],
    ]);
    // Where and what, never the text.
    expect(again.endpoints[0]?.error?.message).toBe(
      "secret prod/redis: not valid JSON at line 1, column 2: expected a property name in double quotes",
    );
  });

  it("a publish failure fails the invocation", async () => {
    secretsReturn({ "prod/redis": prodSecret(), "team-b/redis": teamBSecret() });
    snsMock.on(PublishCommand).rejects(new Error("KMS key disabled"));
    const handler = await loadHandler();
    await expect(handler({}, fakeContext())).rejects.toThrow(/KMS key disabled/);
  });

  it("gives up on a straggler in time to publish, and marks it UNKNOWN", async () => {
    secretsReturn({
      "prod/redis": [...prodSecret().endpoints, { name: "slow", host: "127.0.0.1", port: silentPort }],
      "team-b/redis": [],
    });
    const handler = await loadHandler({ COMMAND_TIMEOUT_MS: "30000", PUBLISH_WINDOW_MS: "1000" });
    const started = Date.now();
    const report = await handler({}, fakeContext(3000));
    expect(Date.now() - started).toBeLessThan(3000);
    const slow = report.endpoints.find((e) => e.name === "slow");
    expect(slow?.nodes[0]?.error?.code).toBe("DEADLINE_EXCEEDED");
    expect(report.endpoints.find((e) => e.name === "cache-prod")?.status).toBe("CRITICAL");
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it("one endpoint name in two secrets is one UNKNOWN entry naming both places; the rest is checked (issue 21)", async () => {
    secretsReturn({
      "prod/redis": prodSecret(),
      "team-b/redis": [{ name: "cache-prod", url: `redis://:${PASSWORD}@127.0.0.1:${healthy.port}` }],
    });
    const report = await (await loadHandler())({ notify: false }, fakeContext());
    expect(report.endpoints.map((e) => [e.name, e.status])).toEqual([
      ["sessions-prod", "OK"],
      ["cache-prod", "UNKNOWN"],
    ]);
    expect(report.endpoints[1]?.error).toEqual({
      code: "CONFIG_INVALID",
      message:
        'the name "cache-prod" is given to secret prod/redis endpoints[1] and to secret team-b/redis [0]: alert state and messages key on the name, so give each its own',
    });
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it("fails at cold start with the variable's name when a setting is missing or malformed", async () => {
    await expect(loadHandler({ ALERT_TOPIC_ARN: "not-an-arn" })).rejects.toThrow(/ALERT_TOPIC_ARN: must be an SNS topic ARN/);
    await expect(loadHandler({ REMEDIATION_MODE: "yes" })).rejects.toThrow(/REMEDIATION_MODE/);
    await expect(loadHandler({ THRESHOLDS: "{bad" })).rejects.toThrow(/THRESHOLDS: not valid JSON/);
  });
});
