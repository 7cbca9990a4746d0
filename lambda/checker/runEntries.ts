import { type ConfigDocument, ConfigError, type Defaults, parseConfigDocument } from "../core/endpoints/config.js";
import {
  type EndpointEntry,
  endpointFromUrl,
  type InvalidEndpoint,
  mergeDefaults,
  type Overrides,
} from "../core/endpoints/endpoint.js";
import type { ManagedEntry } from "../core/endpoints/managed/entry.js";
import { clashText, type NameClash, nameClashes, type PlacedEntry, placeDocument } from "../core/endpoints/names.js";
import type { CheckError } from "../core/vocabulary/errors.js";
import { printable } from "../core/vocabulary/printable.js";
import type { SecretSource } from "./ports.js";

/**
 * The one step from what people wrote to what a run checks, for the CLI and the handler alike: each
 * document's text parsed and validated once, its defaults merged once over the caller's, each entry built
 * as what it is (an endpoint, or a managed entry that discovery turns into endpoints), and one name per
 * entry over every source of the run. Messages name each source as people know it: `--config fleet.json`,
 * `secret prod/redis`, `the command line URL 2`.
 */

/** One entry of a run: an endpoint, a managed entry, or one that cannot be checked and says why. */
export type RunEntry = EndpointEntry | ManagedEntry;

export function isManaged(e: RunEntry): e is ManagedEntry {
  return "kind" in e && e.kind === "managed";
}

/** Where a document comes from: the CLI's `--config` file, or one of the handler's Secrets Manager secrets. */
export type DocumentSource = { file: string } | { secretId: string };

/** A document as read: its text, or (a secret) why it could not be read, said whole. */
export type DocumentRead = { from: DocumentSource; text: string } | { from: { secretId: string }; unreadable: string };

export interface EntrySources {
  /** URLs given on the command line, in order. */
  urls?: readonly string[];
  /** The documents, in order. */
  documents?: readonly DocumentRead[];
}

/** What keeps an entry from being checked as written. */
export type EntryProblem =
  /** A command-line URL that is not one: named by its place, its password hidden. */
  | { kind: "url"; error: ConfigError }
  /** A document that could not be read (SECRET_UNAVAILABLE) or is not valid (CONFIG_INVALID, with each problem). */
  | { kind: "document"; from: DocumentSource; error: CheckError; invalid?: ConfigError }
  /** A name given to more than one entry. */
  | { kind: "clash"; clash: NameClash; onCommandLine: boolean };

export interface RunEntries {
  /**
   * The run's entries, in the order of their sources. A run that goes on despite problems (the handler)
   * checks these: a document that cannot be used, and a name given twice, each stand as one UNKNOWN entry
   * saying where; neither entry of a name given twice is checked under a name the other's alert state and
   * messages would share. A bad URL has no entry.
   */
  entries: RunEntry[];
  /** The `defaults.concurrency` of the last document that sets one. */
  concurrency?: number;
  /** Every problem, for a caller that refuses to run with one (the CLI): bad URLs, documents, then names. */
  problems: EntryProblem[];
}

/**
 * The run's entries from its sources: `base` under every document's own defaults (the handler's
 * environment), `overrides` over every entry (the CLI's flags, the payload's `remediate`).
 */
export function runEntries(sources: EntrySources, base: Defaults = {}, overrides: Overrides = {}): RunEntries {
  const listed: Array<PlacedEntry | InvalidEndpoint> = [];
  const problems: EntryProblem[] = [];
  const onCommandLine = new Set<PlacedEntry>();
  let concurrency: number | undefined;
  const urls = sources.urls ?? [];
  for (const [i, url] of urls.entries()) {
    const label = urls.length > 1 ? `URL ${i + 1}` : "URL";
    try {
      const placed: PlacedEntry = {
        entry: endpointFromUrl(url, overrides, label),
        place: `the command line ${label}`,
        named: false,
      };
      listed.push(placed);
      onCommandLine.add(placed);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push({ kind: "url", error: e });
    }
  }
  for (const read of sources.documents ?? []) {
    if ("unreadable" in read) {
      const error: CheckError = { code: "SECRET_UNAVAILABLE", message: read.unreadable };
      problems.push({ kind: "document", from: read.from, error });
      listed.push(standIn(read.from, error));
      continue;
    }
    let doc: ConfigDocument;
    try {
      doc = parseConfigDocument(read.text, documentName(read.from));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const error: CheckError = { code: "CONFIG_INVALID", message: e.message };
      problems.push({ kind: "document", from: read.from, error, invalid: e });
      listed.push(standIn(read.from, error));
      continue;
    }
    const defaults = mergeDefaults(base, doc.defaults);
    concurrency = defaults.concurrency ?? concurrency;
    listed.push(...placeDocument(doc, placeOf(read.from), defaults, overrides));
  }
  const clashes = nameClashes(listed.filter((e): e is PlacedEntry => "place" in e));
  problems.push(
    ...clashes.map(
      (clash): EntryProblem => ({ kind: "clash", clash, onCommandLine: clash.entries.some((p) => onCommandLine.has(p)) }),
    ),
  );
  const clashOf = new Map(clashes.flatMap((c) => c.entries.map((p) => [p, c])));
  const reported = new Set<NameClash>();
  const entries = listed.flatMap((e): RunEntry[] => {
    if (!("place" in e)) return [e];
    const clash = clashOf.get(e);
    if (!clash) return [e.entry];
    if (reported.has(clash)) return [];
    reported.add(clash);
    const target = clash.entries.map((p) => p.place).join(", ");
    return [{ name: clash.name, target, error: { code: "CONFIG_INVALID", message: clashText(clash) } }];
  });
  return { entries, concurrency, problems };
}

/** An endpoints document from Secrets Manager: its text, or why it cannot be read (named, never its value). */
export async function readSecretDocument(secrets: SecretSource, secretId: string, signal: AbortSignal): Promise<DocumentRead> {
  const from = { secretId };
  try {
    const text = await secrets.read(secretId, signal);
    return text === undefined ? { from, unreadable: `secret ${secretId} has no value` } : { from, text };
  } catch (err) {
    return { from, unreadable: `cannot read secret ${secretId}: ${printable(err instanceof Error ? err.message : String(err))}` };
  }
}

/** How a document's problems are headed: `fleet.json`, `secret prod/redis`. */
function documentName(from: DocumentSource): string {
  return "file" in from ? from.file : `secret ${from.secretId}`;
}

/** How its entries' places begin: `--config fleet.json endpoints[2]`, `secret prod/redis [0]`. */
function placeOf(from: DocumentSource): string {
  return "file" in from ? `--config ${from.file}` : `secret ${from.secretId}`;
}

/** The UNKNOWN entry standing for a document that cannot be used. */
function standIn(from: DocumentSource, error: CheckError): InvalidEndpoint {
  return "file" in from
    ? { name: `file:${from.file}`, target: from.file, error }
    : { name: `secret:${from.secretId}`, target: `secretsmanager:${from.secretId}`, error };
}
