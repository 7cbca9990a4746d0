import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: real Redis servers and fills compete with test workers.
    maxWorkers: 2,
    // The JSON report gives .ci/run its "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
