import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { App } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../infra/app.js";
import { EVERY_OPTION } from "../support/contexts.js";

const run = promisify(execFile);

/** cfn-lint, CloudFormation's own schema and rule checker, where the machine has it (.ci/run says which). */
function cfnLint(): string | undefined {
  try {
    execFileSync("cfn-lint", ["--version"], { stdio: "ignore" });
    return "cfn-lint";
  } catch {
    return undefined;
  }
}
const CFN_LINT = cfnLint();

describe.skipIf(!CFN_LINT)("cfn-lint over the synthesized templates", () => {
  it.each([
    ["default", { alertEmails: "sre@example.com" }],
    ["every option", EVERY_OPTION],
  ])("finds no error in the %s template", async (_name, context) => {
    // Prepare
    const app = new App({ context: { "aws:cdk:bundling-stacks": [], ...context } });
    const { stack } = buildApp(app);
    const file = join(mkdtempSync(join(tmpdir(), "rmc-cfnlint-")), "template.json");
    writeFileSync(file, JSON.stringify(app.synth().getStackByName(stack.stackName).template));

    // Act: errors only (warnings and informational findings do not fail a deploy)
    const result = await run(CFN_LINT as string, ["--format", "parseable", "--regions", "eu-west-1", "--", file]).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
    );

    // Assess: cfn-lint's exit code is a bit mask, 2 = errors
    const errors = result.out.split("\n").filter((l) => /:E\d{4}:/.test(l));
    expect(errors).toEqual([]);
    expect(result.code & 2).toBe(0);
  });
});
