#!/usr/bin/env node
import { join } from "node:path";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { ContextError, parseContext } from "./context.js";
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
  try {
    buildApp().app.synth();
  } catch (e) {
    // A mistake in -c values is the user's to fix: one line per problem, no stack trace.
    if (!(e instanceof ContextError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
