/**
 * The package's library entry, for teams that add the checker to their own CDK app:
 *
 *   import { RedisMemoryChecker } from "redis-memory-checker/construct";
 *   new RedisMemoryChecker(stack, "RedisMemory", { checkSchedule, checkInterval, summarySchedule, alertEmails });
 *
 * The function runs the package's prebuilt handler (`dist/lambda/check.cjs`, built with the same esbuild
 * settings as this repository's stack), so the app needs neither esbuild nor Docker to synthesise.
 */
import { join } from "node:path";
import type { Construct } from "constructs";
import { RedisMemoryChecker as Checker, type RedisMemoryCheckerProps as CheckerProps } from "./constructs/RedisMemoryChecker.js";

export type { Thresholds } from "../lambda/core/settings/thresholds.js";
export type { NetworkProps } from "./constructs/RedisMemoryChecker.js";
export { EMAIL_FILTER_POLICY, forOwner, SMS_FILTER_POLICY } from "./filterPolicies.js";

/** The construct's props; `code` defaults to the package's own prebuilt handler. */
export type RedisMemoryCheckerProps = Omit<CheckerProps, "code"> & Partial<Pick<CheckerProps, "code">>;

/**
 * Function, schedules, encrypted alert topic with subscriptions, endpoint secret access, alert state,
 * alarms and dashboard: the whole checker as one construct. See the README for every prop.
 */
export class RedisMemoryChecker extends Checker {
  constructor(scope: Construct, id: string, props: RedisMemoryCheckerProps) {
    // Bundled as CommonJS into dist/construct/index.cjs: the handler is in dist/lambda beside it.
    super(scope, id, { ...props, code: props.code ?? { bundleDir: join(__dirname, "..", "lambda") } });
  }
}
