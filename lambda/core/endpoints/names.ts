import { type ConfigDocument, type Defaults, entryPlace } from "./config.js";
import { type Overrides, type ResolvedEndpoint, resolveEndpoints } from "./endpoint.js";
import { type ManagedEntry, resolveManaged } from "./managed/entry.js";

/**
 * One name, one entry, over every document of a run: alert state, messages and a manual invocation's
 * `endpoints` all key on the name, so two entries sharing one would share a state and hide each other.
 * Checked over what people wrote, before any discovery: the endpoints (their `name`, or the host and port
 * that name one without it) and the managed entries that carry a `name`. A discovered resource is named by
 * its service, and an unnamed managed entry by its selection (`elasticache:all` may rightly stand for two
 * regions); neither is known to clash until discovery.
 */

/** A run's entry and where a person wrote it: `--config fleet.json endpoints[2]`, `the command line URL 1`. */
export interface PlacedEntry {
  entry: ResolvedEndpoint | ManagedEntry;
  place: string;
  /** Named by a `name` field; otherwise by its address (an endpoint) or its selection (a managed entry). */
  named: boolean;
}

/**
 * A document's endpoints then its managed entries, resolved over `defaults` (the document's own, merged over
 * the caller's base once, by the run's entries step; alone, the document's own), each with its place
 * (`${source} endpoints[0]`).
 */
export function placeDocument(
  doc: ConfigDocument,
  source: string,
  defaults: Defaults = doc.defaults,
  overrides: Overrides = {},
): PlacedEntry[] {
  const endpoints = resolveEndpoints(doc, defaults, overrides).map((entry, i) => ({
    entry,
    place: `${source} ${entryPlace(doc, "endpoints", i)}`,
    named: doc.endpoints[i]?.name !== undefined,
  }));
  const managed = resolveManaged(doc, defaults, overrides).map((entry, i) => ({
    entry,
    place: `${source} ${entryPlace(doc, "managed", i)}`,
    named: doc.managed[i]?.name !== undefined,
  }));
  return [...endpoints, ...managed];
}

export interface NameClash {
  name: string;
  /** Every entry with the name, in the run's order. */
  entries: PlacedEntry[];
}

/** The names given to more than one entry. */
export function nameClashes(placed: readonly PlacedEntry[]): NameClash[] {
  const byName = new Map<string, PlacedEntry[]>();
  for (const p of placed) {
    if ("kind" in p.entry && !p.named) continue;
    byName.set(p.entry.name, [...(byName.get(p.entry.name) ?? []), p]);
  }
  return [...byName].filter(([, entries]) => entries.length > 1).map(([name, entries]) => ({ name, entries }));
}

/**
 * `the name "cache" is given to --config fleet.json endpoints[2] and to the command line URL 1: …`. Names
 * are printable text (the schema's rule) or an address; no password is part of either.
 */
export function clashText(clash: NameClash): string {
  const places = clash.entries.map((p) => p.place);
  const listed = `${places.slice(0, -1).join(", ")} and to ${places.at(-1)}`;
  const byAddress = clash.entries.some((p) => !p.named) ? ' (an endpoint without "name" is named by its host and port)' : "";
  return `the name "${clash.name}" is given to ${listed}${byAddress}: alert state and messages key on the name, so give each its own`;
}
