import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..", "..");

/** The environment of a machine with no AWS account: no credentials, no profile, an empty home. */
function noAwsEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|CDK_DEFAULT_)/.test(k)) env[k] = v;
  return { ...env, HOME: home, AWS_EC2_METADATA_DISABLED: "true", CI: "true" };
}

describe("cdk synth from cdk.json", () => {
  it("works offline with no AWS credentials, bundling the function with the local esbuild", async () => {
    // Prepare
    const home = mkdtempSync(join(tmpdir(), "rmc-home-"));
    const out = mkdtempSync(join(tmpdir(), "rmc-cdkout-"));

    // Act
    const { stdout, stderr } = await run(
      "npx",
      ["cdk", "synth", "--quiet", "--output", out, "-c", "alertEmails=sre@example.com", "-c", "endpointSecrets=prod/redis"],
      { cwd: ROOT, env: noAwsEnv(home), timeout: 180_000 },
    );

    // Assess
    const template = JSON.parse(readFileSync(join(out, "RedisMemoryChecker.template.json"), "utf8"));
    expect(Object.values(template.Resources).some((r) => (r as { Type: string }).Type === "AWS::Lambda::Function")).toBe(true);
    const asset = readdirSync(out).find((d) => d.startsWith("asset.") && existsSync(join(out, d, "index.js")));
    expect(asset, "bundled handler asset").toBeDefined();
    const size = statSync(join(out, asset as string, "index.js")).size;
    console.log(`deployed bundle: ${(size / 1024).toFixed(1)} KiB`);
    expect(`${stdout}${stderr}`).not.toMatch(/docker/i);
    expect(`${stdout}${stderr}`).not.toMatch(/Need to perform AWS calls|Unable to resolve AWS account/);
  });

  it("ends on a bad -c value with one line per problem naming its key, a non-zero exit and no stack trace", async () => {
    // Act
    const failed = await run(
      "npx",
      [
        "cdk",
        "synth",
        "--quiet",
        "--output",
        mkdtempSync(join(tmpdir(), "rmc-cdkout-")),
        "-c",
        "timeoutSeconds=abc",
        "-c",
        "summaryCron=cron(0 8 * * *)",
      ],
      { cwd: ROOT, env: noAwsEnv(mkdtempSync(join(tmpdir(), "rmc-home-"))), timeout: 180_000 },
    ).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );

    // Assess
    expect(failed?.code).toBe(1);
    const lines = (failed?.stderr ?? "").trim().split("\n");
    expect(lines).toContain("  -c timeoutSeconds: a whole number from 10 to 900");
    expect(lines.some((l) => l.startsWith("  -c summaryCron: cron(0 8 * * *) has 5 fields"))).toBe(true);
    expect(failed?.stderr).not.toMatch(/^\s+at /m);
  });

  it("pins a CLI that reads this aws-cdk-lib's assemblies, and seeds the recommended feature flags", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.devDependencies["aws-cdk"]).toMatch(/^\d+\.\d+\.\d+$/);
    const flags = JSON.parse(readFileSync(join(ROOT, "node_modules/aws-cdk-lib/recommended-feature-flags.json"), "utf8"));
    const context = JSON.parse(readFileSync(join(ROOT, "cdk.json"), "utf8")).context;
    expect(context).toMatchObject(flags);
  });
});
