/**
 * Zod's issues as lines people can act on: `endpoints[0].tls: unknown key "servrname" (did you mean
 * "servername"?)`. Every line names the field and says why; none echoes a value (a document holds passwords).
 * The schema itself says which keys a level accepts and what a union expects, so "did you mean" and
 * "expected" hold at every level without a list kept by hand.
 */

export interface Issue {
  readonly code?: string;
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly keys?: readonly string[];
  readonly errors?: ReadonlyArray<ReadonlyArray<Issue>>;
}

/** What this file reads of a zod schema: its definition (`zod/mini` and `zod` share it). */
interface Schema {
  _zod: { def: Def };
}
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  element?: Schema;
  valueType?: Schema;
  values?: unknown[];
  entries?: Record<string, unknown>;
}

/**
 * One line per problem, `path: reason`, read against the schema the input was parsed with; `top` names the
 * input itself (`(document)`, `(payload)`).
 */
export function describeIssues(issues: ReadonlyArray<Issue>, schema: unknown, data: unknown, top = "(document)"): string[] {
  const root = schema as Schema;
  return issues.flatMap((issue) => describeIssue(issue, root, data, top));
}

function describeIssue(issue: Issue, root: Schema, data: unknown, top: string): string[] {
  const at = formatPath(issue.path, top);
  const value = valueAt(data, issue.path);
  if (issue.code === "unrecognized_keys" && issue.keys) {
    const known = objectKeys(schemaAt(root, issue.path, data), value);
    return issue.keys.map((k) => `${at}: unknown key "${k}"${suggest(k, known)}`);
  }
  if (issue.code === "invalid_union") {
    const union = schemaAt(root, issue.path, data);
    const options = union ? (unwrap(union)._zod.def.options ?? []) : [];
    // The branch the value was aiming at (an object for an object, a list for a list): its own problems.
    const aimed = options.findIndex((o) => isStructural(o) && kindsOf(o).has(kindOf(value)));
    const branch = aimed >= 0 ? issue.errors?.[aimed] : undefined;
    if (branch?.length) {
      return branch.flatMap((i) => describeIssue({ ...i, path: [...issue.path, ...i.path] }, root, data, top));
    }
    if (union) return [`${at}: ${value === undefined ? "required: " : ""}expected ${expected(union)}`];
  }
  if (issue.code === "invalid_type" && value === undefined && !hasKey(data, issue.path)) {
    const wanted = schemaAt(root, issue.path, data);
    return [`${at}: required${wanted ? `: ${expected(wanted)}` : ""}`];
  }
  return [`${at}: ${issue.message}`];
}

export function formatPath(path: ReadonlyArray<PropertyKey>, top = "(document)"): string {
  if (path.length === 0) return top;
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

/**
 * ` (did you mean "remediation"?)`: the known key one or two edits away (case, `_` and `-` aside), or else
 * the few whose words the typed key's words are in (`fragmentationRatioo`: the two fragmentation ratios).
 */
export function suggest(key: string, known: readonly string[]): string {
  const flat = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const close = known.find((k) => editDistance(flat(key), flat(k)) <= 2);
  if (close) return ` (did you mean "${close}"?)`;
  const typed = words(key);
  const containing = typed.length < 2 ? [] : known.filter((k) => containsWords(words(k), typed));
  if (containing.length === 0 || containing.length > 3) return "";
  const quoted = containing.map((k) => `"${k}"`);
  return ` (did you mean ${quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted[0]}?)`;
}

/** `fragmentationWarningRatio`, `connect_ms`: its words, lower case. */
function words(key: string): string[] {
  return key
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Every typed word, in order, is one of the candidate's words (one edit allowed in words of 4 letters or more). */
function containsWords(candidate: string[], typed: string[]): boolean {
  let from = 0;
  for (const w of typed) {
    const found = candidate.findIndex((c, i) => i >= from && (c === w || (w.length >= 4 && editDistance(c, w) <= 1)));
    if (found < 0) return false;
    from = found + 1;
  }
  return true;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

type Kind = "object" | "array" | "string" | "number" | "boolean" | "null" | "undefined";

function kindOf(value: unknown): Kind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "object" || t === "string" || t === "number" || t === "boolean" ? t : "undefined";
}

const WRAPPERS = new Set(["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"]);

/** The schema under optional, default and the like; a pipe's input side. */
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else return s;
  }
}

/** The kinds of JSON value a schema accepts. */
function kindsOf(schema: Schema): Set<Kind> {
  const def = unwrap(schema)._zod.def;
  switch (def.type) {
    case "union":
      return new Set((def.options ?? []).flatMap((o) => [...kindsOf(o)]));
    case "object":
    case "record":
      return new Set(["object"]);
    case "array":
      return new Set(["array"]);
    case "literal":
      return new Set((def.values ?? []).map(kindOf));
    case "enum":
      return new Set(["string"]);
    case "string":
    case "number":
    case "boolean":
      return new Set([def.type]);
    default:
      return new Set();
  }
}

function isStructural(schema: Schema): boolean {
  const t = unwrap(schema)._zod.def.type;
  return t === "object" || t === "array" || t === "record";
}

/** The schema that parses the value at `path`, a union's branch chosen by the kind of value found there. */
function schemaAt(root: Schema, path: ReadonlyArray<PropertyKey>, data: unknown): Schema | undefined {
  let s: Schema | undefined = root;
  let value = data;
  for (const segment of path) {
    if (!s) return undefined;
    const def: Def = branch(s, value)._zod.def;
    if (def.type === "object") s = def.shape?.[String(segment)];
    else if (def.type === "array") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else return undefined;
    value = (value as Record<PropertyKey, unknown> | undefined)?.[segment as string];
  }
  return s;
}

/** A union's option that takes this kind of value (objects and lists first); any other schema, unwrapped. */
function branch(schema: Schema, value: unknown): Schema {
  const s = unwrap(schema);
  if (s._zod.def.type !== "union") return s;
  const options = s._zod.def.options ?? [];
  const kind = kindOf(value);
  const fits = options.find((o) => isStructural(o) && kindsOf(o).has(kind)) ?? options.find((o) => kindsOf(o).has(kind));
  return fits ? branch(fits, value) : s;
}

function objectKeys(schema: Schema | undefined, value: unknown): string[] {
  if (!schema) return [];
  const def = branch(schema, value)._zod.def;
  return def.type === "object" ? Object.keys(def.shape ?? {}) : [];
}

/** What a schema accepts, in words: `true, false or an object with "ca", "cert"…`. */
function expected(schema: Schema): string {
  const parts = alternatives(schema);
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} or ${parts.at(-1)}` : (parts[0] ?? "a value");
}

function alternatives(schema: Schema): string[] {
  const def = unwrap(schema)._zod.def;
  switch (def.type) {
    case "union":
      return (def.options ?? []).flatMap(alternatives);
    case "object": {
      const keys = Object.keys(def.shape ?? {});
      return [keys.length > 6 ? "an object" : `an object with ${keys.map((k) => `"${k}"`).join(", ")}`];
    }
    case "record":
      return ["an object"];
    case "array":
      return ["a list"];
    case "literal":
      return (def.values ?? []).map((v) => JSON.stringify(v));
    case "enum":
      return Object.keys(def.entries ?? {}).map((v) => JSON.stringify(v));
    case "boolean":
      return ["true", "false"];
    case "string":
      return ["text"];
    case "number":
      return ["a number"];
    default:
      return ["a value"];
  }
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = data;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[p as string] : undefined;
  return v;
}

function hasKey(data: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  if (path.length === 0) return true;
  const parent = valueAt(data, path.slice(0, -1));
  return parent !== null && typeof parent === "object" && Object.hasOwn(parent, path[path.length - 1] as PropertyKey);
}
