import { type ConfigDocument, ConfigError, EndpointSchema } from "../core/settings/config.js";
import { type ResolvedEndpoint, resolveEndpoint } from "../core/settings/endpoint.js";
import type { RemediationMode } from "../core/vocabulary/types.js";

export interface Overrides {
  remediate?: RemediationMode;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/** Resolves every endpoint of a validated document, applying command-line or payload overrides. */
export function endpointsFromDocument(doc: ConfigDocument, overrides: Overrides = {}): ResolvedEndpoint[] {
  return doc.endpoints.map((input) => withTimeouts(resolveEndpoint(input, doc.defaults, overrides.remediate), overrides));
}

/** A URL given on the command line; its name is its host and port. */
export function endpointFromUrl(url: string, overrides: Overrides = {}): ResolvedEndpoint {
  const parsed = EndpointSchema.safeParse({ url });
  if (!parsed.success) {
    throw new ConfigError(
      "command line",
      parsed.error.issues.map((i) => `URL: ${i.message}`),
    );
  }
  return withTimeouts(resolveEndpoint(parsed.data, {}, overrides.remediate), overrides);
}

function withTimeouts(e: ResolvedEndpoint, o: Overrides): ResolvedEndpoint {
  return {
    ...e,
    timeouts: {
      connectMs: o.connectTimeoutMs ?? e.timeouts.connectMs,
      commandMs: o.commandTimeoutMs ?? e.timeouts.commandMs,
    },
  };
}
