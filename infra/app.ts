#!/usr/bin/env node
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { parseContext } from "./context.js";
import { RedisMemoryCheckerStack } from "./stack.js";

/** The only place that reads context. Build the app for `cdk synth`/`cdk deploy` and for the tests. */
export function buildApp(app = new App()): { app: App; stack: RedisMemoryCheckerStack } {
  const ctx = parseContext(app.node.getAllContext());
  const stack = new RedisMemoryCheckerStack(app, ctx.stackName, {
    context: ctx,
    projectRoot: join(import.meta.dirname, ".."),
    description: "redis-memory-checker: scheduled Redis memory fragmentation and pressure checks with alerts",
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1] && /infra\/app\.ts$/.test(process.argv[1])) {
  buildApp().app.synth();
}
