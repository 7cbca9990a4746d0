import { ioredisAccess } from "../../lambda/adapters/redis/client.js";
import { type RunOptions, runCheck } from "../../lambda/checker/runCheck.js";
import { parseConfigDocument } from "../../lambda/core/endpoints/config.js";
import { type EndpointEntry, resolveEndpoints } from "../../lambda/core/endpoints/endpoint.js";
import type { CheckReport } from "../../lambda/core/report/report.js";

/** A run over real servers through the real Redis adapter, as the CLI and the handler wire it. */
export function check(entries: readonly EndpointEntry[], options: Partial<RunOptions> = {}): Promise<CheckReport> {
  return runCheck(entries, { redis: ioredisAccess, ...options });
}

/** A run of an endpoints document (any of its forms). */
export function checkDocument(doc: unknown, options: Partial<RunOptions> = {}): Promise<CheckReport> {
  return check(resolveEndpoints(parseConfigDocument(doc, "test")), options);
}
