import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/** Configured once; POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE may override the defaults. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "redis-memory-checker" });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "RedisMemoryChecker",
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "redis-memory-checker",
});
