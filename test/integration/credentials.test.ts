import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLIENT_SETTINGS } from "../../lambda/adapters/aws/clientSettings.js";
import { secretsManagerSource } from "../../lambda/adapters/aws/secrets.js";
import { ioredisAccess } from "../../lambda/adapters/redis/client.js";
import { resolveCredentials } from "../../lambda/checker/credentials.js";
import { runCheck } from "../../lambda/checker/runCheck.js";
import { parseConfigDocument } from "../../lambda/core/endpoints/config.js";
import { resolveEndpoints } from "../../lambda/core/endpoints/endpoint.js";
import { parseCredentials } from "../../lambda/core/settings/credentials.js";
import { RedisServer } from "../../scripts/lib/redisServer.js";
import { SecretsResponder } from "../../scripts/lib/secretsResponder.js";

const PASSWORD = "Ref3renced-Passw0rd";
let server: RedisServer;
let responder: SecretsResponder;
let source: ReturnType<typeof secretsManagerSource>;

beforeAll(async () => {
  server = await RedisServer.start({ config: [`user checker on >${PASSWORD} ~* +@all`, "user default off"] });
  responder = new SecretsResponder({
    // The shape ElastiCache's user secrets (and their rotation) keep.
    "elasticache/users/checker": JSON.stringify({
      username: "checker",
      password: PASSWORD,
      user_arn: "arn:aws:elasticache:eu-west-1:123456789012:user:checker",
    }),
    "not-credentials": JSON.stringify({ host: "x" }),
  });
  const url = await responder.start();
  source = secretsManagerSource(
    new SecretsManagerClient({
      ...AWS_CLIENT_SETTINGS,
      endpoint: url,
      region: "eu-west-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    }),
    0,
  );
});
afterAll(async () => {
  await Promise.all([server?.stop(), responder?.stop()]);
});

describe("credentials from a referenced secret (an ElastiCache user secret)", () => {
  it("connects with them; a secret that is missing or holds no password is named, never tried without", async () => {
    const doc = parseConfigDocument(
      {
        endpoints: [
          { name: "with-secret", host: "127.0.0.1", port: server.port, credentialsSecret: "elasticache/users/checker" },
          { name: "missing", host: "127.0.0.1", port: server.port, credentialsSecret: "elasticache/users/nobody" },
          { name: "wrong-shape", host: "127.0.0.1", port: server.port, credentialsSecret: "not-credentials" },
        ],
      },
      "test",
    );
    const entries = await resolveCredentials(resolveEndpoints(doc), source, AbortSignal.timeout(5000));
    const report = await runCheck(entries, { redis: ioredisAccess });
    const byName = Object.fromEntries(report.endpoints.map((e) => [e.name, e]));
    expect(byName["with-secret"]?.status).toBe("OK");
    expect(byName.missing?.error).toMatchObject({ code: "SECRET_UNAVAILABLE" });
    expect(byName.missing?.error?.message).toMatch(/elasticache\/users\/nobody: no such secret/);
    expect(byName["wrong-shape"]?.error?.message).toMatch(/holds no password/);
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
  });

  it("reads the shapes people keep", () => {
    expect(parseCredentials('{"username":"u","password":"p","user_arn":"arn"}')).toEqual({ username: "u", password: "p" });
    expect(parseCredentials('{"authToken":"t"}')).toEqual({ password: "t" });
    expect(parseCredentials("bare-auth-token\n")).toEqual({ password: "bare-auth-token" });
    expect(parseCredentials('{"user":"x"}')).toBeUndefined();
    // JSON that does not parse says where, not "holds no password".
    expect(() => parseCredentials('{"username":"u","password":"p",}')).toThrow(
      'not valid JSON at line 1, column 32: a comma before "}": JSON allows no trailing comma',
    );
  });
});
