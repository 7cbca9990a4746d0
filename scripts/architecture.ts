/**
 * The diagram of docs/architecture.md, drawn from the code's imports, never by hand. Reads every TypeScript
 * file of lambda/ and infra/ with the compiler's own view of the project (tsconfig.json's files, each file's
 * imports from `ts.preProcessFile`: static, type-only, re-exports and dynamic `import()`, resolved by
 * `ts.resolveModuleName`), folds the files into folders (lambda/core/<folder>, lambda/checker,
 * lambda/adapters/<folder>, lambda/cli, lambda/handlers, infra), and writes two Mermaid flowcharts (the layers,
 * then every folder) between the page's `<!-- architecture:start -->` and `<!-- architecture:end -->` markers.
 *
 * It also says what the layers forbid, and exits 1 when the code does it: an arrow up the layers (core
 * importing anything outside core, checker importing an adapter or an entry, an adapter importing an entry),
 * infra reading lambda/ beyond core, a package in core other than zod, and any cycle between folders.
 *
 *   npm run architecture    # rewrites the diagram, prints what the layers forbid and exits 1 if any
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const ROOT = join(import.meta.dirname, "..");
export const PAGE = "docs/architecture.md";
const START = "<!-- architecture:start -->";
const END = "<!-- architecture:end -->";

/** The layers, from the bottom up. A folder may import its own layer and the layers its entry names. */
export type Layer = "core" | "checker" | "adapters" | "entries" | "infra";

const MAY_IMPORT: Record<Layer, Layer[]> = {
  // Pure: parsing, rules, decisions, rendering. Nothing above it.
  core: ["core"],
  // The use case: owns its ports (checker/ports.ts) and never imports what implements them.
  checker: ["checker", "core"],
  // Implement the checker's ports, so they import them.
  adapters: ["adapters", "checker", "core"],
  // The CLI and the Lambda handler: wire adapters into the use case.
  entries: ["adapters", "checker", "core"],
  // The CDK app: core's settings and vocabulary; the handler is bundled by its path, never imported.
  infra: ["infra", "core"],
};

/** The packages core may import: zod validates documents and is pure. Anything doing I/O belongs in an adapter. */
const CORE_PACKAGES = ["zod"];

/** What each layer's subgraph is called on the diagram. */
const LAYER_TITLE: Record<Layer, string> = {
  entries: "entries: lambda/cli, lambda/handlers",
  infra: "infra: the CDK app",
  adapters: "lambda/adapters: implement the ports",
  checker: "lambda/checker: the use case and its ports",
  core: "lambda/core: pure",
};
const LAYER_ORDER: Layer[] = ["entries", "infra", "adapters", "checker", "core"];

export interface Import {
  /** The importing file, from the repository's root. */
  from: string;
  /** The imported file (a relative import), or the package's specifier. */
  to: string;
  package: boolean;
  /** A relative import the compiler could not resolve. */
  unresolved?: true;
}

export interface Arrow {
  from: string;
  to: string;
  /** The file-level imports behind the arrow, for the report. */
  imports: Import[];
}

export interface Graph {
  /** Every folder holding a file of lambda/ or infra/, sorted by layer then name. */
  folders: string[];
  /** One arrow per pair of folders with an import between them, in the folders' order. */
  arrows: Arrow[];
  /** Every package import, for core's purity. */
  packages: Import[];
  /** A relative import the compiler cannot resolve: the diagram would miss it. */
  unresolved: Import[];
}

const posix = (path: string) => path.split(sep).join("/");

/** The folder a file of lambda/ or infra/ belongs to on the diagram, or undefined outside them. */
export function folderOf(file: string): string | undefined {
  const parts = file.split("/");
  if (parts[0] === "infra") return "infra";
  if (parts[0] !== "lambda" || parts.length < 3) return undefined;
  const top = parts[1] ?? "";
  // core and adapters are drawn by their folders; checker/managed and cli's parts stay their layer's.
  if ((top === "core" || top === "adapters") && parts.length > 3) return `${top}/${parts[2]}`;
  return top;
}

/** The layer of a folder, or undefined for a folder the layers do not name. */
export function layerOf(folder: string): Layer | undefined {
  const top = folder.split("/")[0];
  if (top === "core" || top === "checker" || top === "adapters" || top === "infra") return top;
  if (top === "cli" || top === "handlers") return "entries";
  return undefined;
}

function folderRank(folder: string): [number, string] {
  const layer = layerOf(folder);
  return [layer ? LAYER_ORDER.indexOf(layer) : LAYER_ORDER.length, folder];
}

function byFolder(a: string, b: string): number {
  const [ra, na] = folderRank(a);
  const [rb, nb] = folderRank(b);
  return ra - rb || na.localeCompare(nb);
}

/** The project's compiler options and files, as tsc reads tsconfig.json. */
function project(root: string): { options: ts.CompilerOptions; files: string[] } {
  const path = join(root, "tsconfig.json");
  const config = ts.readConfigFile(path, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, path);
  return { options: parsed.options, files: parsed.fileNames };
}

/** Every import of every TypeScript file of lambda/ and infra/. */
export function readImports(root = ROOT): { files: string[]; imports: Import[] } {
  const { options, files } = project(root);
  const ours = files
    .map((f) => posix(relative(root, f)))
    .filter((f) => folderOf(f) !== undefined && /\.[mc]?ts$/.test(f))
    .sort();
  const cache = ts.createModuleResolutionCache(root, (f) => f, options);
  const imports: Import[] = [];
  for (const from of ours) {
    const absolute = join(root, from);
    const { importedFiles } = ts.preProcessFile(readFileSync(absolute, "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith(".")) {
        imports.push({ from, to: specifier, package: true });
        continue;
      }
      const resolved = ts.resolveModuleName(specifier, absolute, options, ts.sys, cache, undefined, ts.ModuleKind.ESNext)
        .resolvedModule?.resolvedFileName;
      const to = posix(relative(root, resolved ?? resolve(dirname(absolute), specifier)));
      imports.push(resolved ? { from, to, package: false } : { from, to, package: false, unresolved: true });
    }
  }
  return { files: ours, imports };
}

/** The folders' graph: one arrow per pair of folders an import joins. */
export function folderGraph(root = ROOT): Graph {
  const { files, imports } = readImports(root);
  const folders = [...new Set(files.map((f) => folderOf(f) as string))].sort(byFolder);
  const arrows = new Map<string, Arrow>();
  const unresolved: Import[] = [];
  for (const i of imports) {
    if (i.package) continue;
    if (i.unresolved) {
      unresolved.push(i);
      continue;
    }
    const from = folderOf(i.from);
    const to = folderOf(i.to);
    // Same folder, or outside lambda/ and infra/ (package.json, say): no arrow.
    if (!from || !to || from === to) continue;
    const key = `${from} ${to}`;
    const arrow = arrows.get(key) ?? { from, to, imports: [] };
    arrow.imports.push(i);
    arrows.set(key, arrow);
  }
  return {
    folders,
    arrows: [...arrows.values()].sort((a, b) => byFolder(a.from, b.from) || byFolder(a.to, b.to)),
    packages: imports.filter((i) => i.package),
    unresolved,
  };
}

/** An arrow the layers do not allow, with why. */
export interface Violation {
  arrow: Arrow;
  /** Up the layers, rather than sideways (an entry importing another, infra reading lambda/ beyond core). */
  up: boolean;
  reason: string;
}

/** Every arrow that points up the layers (or from infra into lambda/ beyond core), and folders with no layer. */
export function againstTheLayers(graph: Graph): Violation[] {
  const out: Violation[] = [];
  for (const arrow of graph.arrows) {
    const from = layerOf(arrow.from);
    const to = layerOf(arrow.to);
    if (!from || !to) {
      out.push({
        arrow,
        up: false,
        reason: `${from ? arrow.to : arrow.from} is in no layer (scripts/architecture.ts names them)`,
      });
      continue;
    }
    if (MAY_IMPORT[from].includes(to)) continue;
    const up = LAYER_ORDER.indexOf(to) < LAYER_ORDER.indexOf(from) && from !== "infra" && to !== "infra";
    out.push({
      arrow,
      up,
      reason: up ? `${from} imports ${to}: up the layers` : `${from} may import only ${MAY_IMPORT[from].join(", ")}`,
    });
  }
  return out;
}

/** The groups of folders that import each other in a circle (Tarjan's strongly connected components). */
export function cycles(graph: Graph): string[][] {
  const next = new Map<string, string[]>(graph.folders.map((f) => [f, []]));
  for (const a of graph.arrows) next.get(a.from)?.push(a.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort(byFolder));
  };
  for (const f of graph.folders) if (!index.has(f)) visit(f);
  return found.sort((a, b) => byFolder(a[0] as string, b[0] as string));
}

/** Package imports in core other than CORE_PACKAGES: core does no I/O. */
export function corePackages(graph: Graph): Import[] {
  return graph.packages.filter(
    (i) => layerOf(folderOf(i.from) ?? "") === "core" && !CORE_PACKAGES.some((p) => i.to === p || i.to.startsWith(`${p}/`)),
  );
}

/** The shortest circle through each arrow of a cycle, each once: what to break. */
export function circles(graph: Graph): string[][] {
  const next = new Map<string, string[]>();
  for (const a of graph.arrows) next.set(a.from, [...(next.get(a.from) ?? []), a.to]);
  /** The shortest path of folders from one to another, breadth first. */
  const path = (from: string, to: string): string[] | undefined => {
    const previous = new Map<string, string>([[from, from]]);
    const queue = [from];
    for (let v = queue.shift(); v !== undefined; v = queue.shift()) {
      if (v === to) {
        const out = [to];
        while (out[0] !== from) out.unshift(previous.get(out[0] as string) as string);
        return out;
      }
      for (const w of next.get(v) ?? []) {
        if (previous.has(w)) continue;
        previous.set(w, v);
        queue.push(w);
      }
    }
    return undefined;
  };
  const found = new Map<string, string[]>();
  for (const component of cycles(graph)) {
    for (const a of graph.arrows.filter((a) => component.includes(a.from) && component.includes(a.to))) {
      const back = path(a.to, a.from);
      if (!back) continue;
      // The same circle from whichever folder comes first, so each is listed once.
      const circle = [a.from, ...back.slice(0, -1)];
      const first = circle.indexOf([...circle].sort(byFolder)[0] as string);
      const rotated = [...circle.slice(first), ...circle.slice(0, first)];
      found.set(rotated.join(" "), rotated);
    }
  }
  return [...found.values()].sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

/** What the layers forbid, each naming the files behind it (a cycle: one line per arrow); empty when the code keeps them. */
export function problems(graph: Graph): string[] {
  const files = (arrow: Arrow) =>
    arrow.imports
      .slice(0, 3)
      .map((i) => `${i.from} imports ${i.to}`)
      .join("; ") + (arrow.imports.length > 3 ? `; and ${arrow.imports.length - 3} more` : "");
  const arrow = (from: string, to: string) => graph.arrows.find((a) => a.from === from && a.to === to) as Arrow;
  const steps = (circle: string[]) => circle.map((from, i) => arrow(from, circle[(i + 1) % circle.length] as string));
  const found = circles(graph);
  // An arrow every cycle passes through: removing it breaks them all.
  const common = found.length > 1 ? steps(found[0] ?? []).filter((a) => found.every((c) => steps(c).includes(a))) : [];
  return [
    ...againstTheLayers(graph).map((v) => `against the layers: ${v.arrow.from} → ${v.arrow.to} (${v.reason}): ${files(v.arrow)}`),
    ...found.map((circle) =>
      [`a cycle: ${[...circle, circle[0]].join(" → ")}`, ...steps(circle).map((a) => `  ${a.from} → ${a.to}: ${files(a)}`)].join(
        "\n",
      ),
    ),
    ...common.map((a) => `every cycle above passes through ${a.from} → ${a.to}`),
    ...corePackages(graph).map(
      (i) => `a package in core: ${i.from} imports ${i.to} (core may import only ${CORE_PACKAGES.join(", ")})`,
    ),
    ...graph.unresolved.map((i) => `an import that does not resolve: ${i.from} imports ${i.to}`),
  ];
}

const nodeId = (folder: string) => folder.replaceAll("/", "_");

/** How an arrow is drawn: solid, or dotted and named when the layers forbid it or it is part of a cycle. */
function arrowLine(from: string, to: string, label: string | undefined): string {
  return label ? `  ${nodeId(from)} -. ${label} .-> ${nodeId(to)}` : `  ${nodeId(from)} --> ${nodeId(to)}`;
}

/** The labels of the arrows the layers forbid ("up", or "forbidden" sideways) or that are part of a cycle ("cycle"). */
function badArrows(graph: Graph): Map<Arrow, string> {
  const bad = new Map<Arrow, string>(againstTheLayers(graph).map((v) => [v.arrow, v.up ? "up" : "forbidden"]));
  const circular = cycles(graph);
  for (const a of graph.arrows) {
    if (circular.some((c) => c.includes(a.from) && c.includes(a.to))) bad.set(a, bad.get(a) ?? "cycle");
  }
  return bad;
}

/** The layers alone: core's folders as one box, the adapters' as one, the others as they are; an arrow per pair an import joins. */
export function layersChart(graph: Graph): string {
  const box = (folder: string) =>
    (layerOf(folder) === "core" || layerOf(folder) === "adapters" ? folder.split("/")[0] : folder) as string;
  const boxes = [...new Set(graph.folders.map(box))];
  const bad = badArrows(graph);
  const arrows = new Map<string, { from: string; to: string; label: string | undefined }>();
  for (const a of graph.arrows) {
    const from = box(a.from);
    const to = box(a.to);
    if (from === to) continue;
    const key = `${from} ${to}`;
    arrows.set(key, { from, to, label: arrows.get(key)?.label ?? (bad.get(a) === "cycle" ? undefined : bad.get(a)) });
  }
  return [
    "flowchart TD",
    ...boxes.map((b) => `  ${nodeId(b)}["${b === "core" || b === "adapters" ? `${b}/*` : b}"]`),
    ...[...arrows.values()].map((a) => arrowLine(a.from, a.to, a.label)),
  ].join("\n");
}

/** The Mermaid flowchart of the folders: one subgraph per layer, an arrow per pair of folders an import joins. */
export function mermaid(graph: Graph): string {
  const bad = badArrows(graph);
  const lines = ["flowchart TD"];
  for (const layer of LAYER_ORDER) {
    const folders = graph.folders.filter((f) => layerOf(f) === layer);
    if (folders.length === 0) continue;
    lines.push(`  subgraph layer_${layer}["${LAYER_TITLE[layer]}"]`);
    for (const f of folders) lines.push(`    ${nodeId(f)}["${f}"]`);
    lines.push("  end");
  }
  for (const f of graph.folders.filter((f) => !layerOf(f))) lines.push(`  ${nodeId(f)}["${f} (no layer)"]`);
  for (const a of graph.arrows) lines.push(arrowLine(a.from, a.to, bad.get(a)));
  return lines.join("\n");
}

/** The text between the page's markers: the layers, then every folder, and the folders' count. */
export function block(graph: Graph): string {
  return [
    "```mermaid",
    layersChart(graph),
    "```",
    "",
    "```mermaid",
    mermaid(graph),
    "```",
    "",
    `${graph.folders.length} folders, ${graph.arrows.length} arrows between them; drawn by \`npm run architecture\` from the imports.`,
  ].join("\n");
}

/** The text between the page's markers, or undefined without them. */
export function committedBlock(page: string): string | undefined {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return page.slice(start + START.length, end).trim();
}

/** The page with its block replaced. */
export function withBlock(page: string, text: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${PAGE} has no ${START} … ${END} markers`);
  return `${page.slice(0, start + START.length)}\n${text}\n${page.slice(end)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const graph = folderGraph();
  const path = join(ROOT, PAGE);
  writeFileSync(path, withBlock(readFileSync(path, "utf8"), block(graph)));
  console.log(`${PAGE}: ${graph.folders.length} folders, ${graph.arrows.length} arrows`);
  const found = problems(graph);
  for (const line of found) console.error(line);
  process.exit(found.length > 0 ? 1 : 0);
}
