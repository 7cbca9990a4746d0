import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 60_000,
    // In-process handler tests stay quiet; the end-to-end test reads the bundled handler's real logs.
    env: { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
    hookTimeout: 120_000,
    // Two cores: real Redis servers and fills compete with test workers.
    maxWorkers: 2,
    // The JSON report gives .ci/run its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
    // Layers that run alone: `vitest run --project unit` needs no Redis and no build.
    projects: [
      // Pure tests (no mocks, no environment or global state changed): one module graph per worker, not one
      // per file, since one file per source file would otherwise spend more on imports than on tests.
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"], isolate: false } },
      // The pure tests over 10,000 nodes: seconds each, kept out of the unit layer; `vitest run` runs them too.
      { extends: true, test: { name: "scale", include: ["test/scale/**/*.test.ts"] } },
      { extends: true, test: { name: "infra", include: ["test/infra/**/*.test.ts"] } },
      // Every command of the README and docs/ accounted for; needs no Redis (builds dist/ if it is missing).
      { extends: true, test: { name: "docs", include: ["test/docs/**/*.test.ts"] } },
      {
        extends: true,
        // Real Redis builds and the bundled artifact: the setup checks the one and builds the other.
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/globalSetup.ts"],
        },
      },
    ],
  },
});
