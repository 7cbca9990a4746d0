import { describe, expect, it } from "vitest";
import { parseSecretReference } from "../../infra/secretReference.js";

const arn = (name: string, region = "us-east-1", account = "123456789012") =>
  `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;

describe("parseSecretReference (as Secrets Manager and IAM match secrets)", () => {
  it("reads a name as this stack's", () => {
    expect(parseSecretReference("team/cache-config")).toEqual({ kind: "name", name: "team/cache-config" });
  });

  it("reads an ARN ending in a random suffix as complete, in its own account and region", () => {
    expect(parseSecretReference(arn("prod/redis-Xy12Zq", "eu-west-1", "210987654321"))).toEqual({
      kind: "complete-arn",
      arn: arn("prod/redis-Xy12Zq", "eu-west-1", "210987654321"),
      partition: "aws",
      region: "eu-west-1",
      account: "210987654321",
    });
  });

  it("reads an ARN whose name ends in a word as partial", () => {
    expect(parseSecretReference(arn("team/cache-config"))).toMatchObject({ kind: "partial-arn", arn: arn("team/cache-config") });
    expect(parseSecretReference(arn("prod/redis"))).toMatchObject({ kind: "partial-arn", region: "us-east-1" });
  });

  it("takes IAM's -?????? as a partial ARN, whatever the name ends in", () => {
    expect(parseSecretReference(arn("app/REDIS7-??????"))).toMatchObject({ kind: "partial-arn", arn: arn("app/REDIS7") });
  });

  it.each([
    ["arn:aws:s3:::bucket", /not a Secrets Manager secret ARN/],
    ["arn:aws:secretsmanager:us-east-1:1234:secret:x", /not a Secrets Manager secret ARN/],
    ["prod redis", /neither a secret name nor a secret ARN/],
  ])("rejects %s", (text, problem) => {
    const got = parseSecretReference(text);
    expect("problem" in got && got.problem).toMatch(problem);
  });
});
