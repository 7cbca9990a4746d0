import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  againstTheLayers,
  block,
  committedBlock,
  corePackages,
  cycles,
  folderGraph,
  folderOf,
  type Graph,
  mermaid,
  PAGE,
  problems,
  withBlock,
} from "../../scripts/architecture.js";

/**
 * docs/architecture.md's diagram is the code's imports, drawn by scripts/architecture.ts (`npm run
 * architecture`), and the imports keep the layers: nothing points up them, no folders import each other in a
 * circle, core imports no package that does I/O.
 */
const ROOT = join(import.meta.dirname, "..", "..");
const GRAPH = folderGraph(ROOT);
const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

/** A graph of the folders the arrows name, each arrow standing for one import. */
function graphOf(arrows: Array<[string, string]>): Graph {
  const folders = [...new Set(arrows.flat())];
  return {
    folders,
    arrows: arrows.map(([from, to]) => ({
      from,
      to,
      imports: [{ from: `lambda/${from}/a.ts`, to: `lambda/${to}/b.ts`, package: false }],
    })),
    packages: [],
    unresolved: [],
  };
}

describe("docs/architecture.md's diagram", () => {
  it("is the code's imports as scripts/architecture.ts draws them (run `npm run architecture` after moving an import)", () => {
    // Prepare
    const committed = committedBlock(readFileSync(join(ROOT, PAGE), "utf8"));

    // Assess
    expect(committed, `${PAGE} has the <!-- architecture:start --> and <!-- architecture:end --> markers`).toBeDefined();
    expect(normalise(committed ?? ""), "npm run architecture redraws it").toBe(normalise(block(GRAPH)));
  });

  it("writes between the page's markers what it reads back, and nothing else of the page changes", () => {
    // Prepare
    const page = "# Title\n\n<!-- architecture:start -->\nold\n<!-- architecture:end -->\n\nAfter.\n";

    // Act
    const written = withBlock(page, block(GRAPH));

    // Assess
    expect(committedBlock(written)).toBe(block(GRAPH));
    expect(written.startsWith("# Title\n\n<!-- architecture:start -->\n")).toBe(true);
    expect(written.endsWith("\n<!-- architecture:end -->\n\nAfter.\n")).toBe(true);
  });

  it("folds files into the folders the page names", () => {
    expect(folderOf("lambda/core/endpoints/config.ts")).toBe("core/endpoints");
    // A subfolder is drawn as its folder: managed entries and the endpoints they expand into are one concept.
    expect(folderOf("lambda/core/endpoints/managed/entry.ts")).toBe("core/endpoints");
    expect(folderOf("lambda/adapters/aws/managed/discovery.ts")).toBe("adapters/aws");
    expect(folderOf("lambda/checker/managed/checkManaged.ts")).toBe("checker");
    expect(folderOf("lambda/adapters/aws/secrets.ts")).toBe("adapters/aws");
    expect(folderOf("lambda/cli/mcpServer.ts")).toBe("cli");
    expect(folderOf("infra/constructs/AlertTopic.ts")).toBe("infra");
    expect(folderOf("scripts/build.ts")).toBeUndefined();
    expect(GRAPH.folders).toEqual(
      expect.arrayContaining(["core/settings", "checker", "adapters/aws", "cli", "handlers", "infra"]),
    );
  });

  it("sees an arrow up the layers and a cycle when there is one", () => {
    // Prepare
    const graph = graphOf([
      ["checker", "adapters/aws"],
      ["core/a", "core/b"],
      ["core/b", "core/a"],
      ["adapters/aws", "checker"],
    ]);

    // Act
    const up = againstTheLayers(graph).map((v) => `${v.arrow.from} → ${v.arrow.to}`);

    // Assess
    expect(up).toEqual(["checker → adapters/aws"]);
    expect(cycles(graph)).toEqual([
      ["adapters/aws", "checker"],
      ["core/a", "core/b"],
    ]);
    expect(mermaid(graph)).toContain("checker -. up .-> adapters_aws");
    expect(mermaid(graph)).toContain("core_a -. cycle .-> core_b");
    expect(problems(graph)).toHaveLength(3);
  });

  it("no arrow points up the layers", () => {
    const found = againstTheLayers(GRAPH).map((v) => `${v.arrow.from} → ${v.arrow.to}: ${v.reason}`);
    expect(found, "see `npm run architecture`'s report").toEqual([]);
  });

  it("no folders import each other in a circle", () => {
    expect(cycles(GRAPH), problems(GRAPH).join("\n")).toEqual([]);
  });

  it("core imports no package but zod, and every import resolves", () => {
    expect(corePackages(GRAPH)).toEqual([]);
    expect(GRAPH.unresolved).toEqual([]);
  });
});
