import { SERVICE_NAME } from "../core/settings/defaults.js";

/**
 * The tool's name and version for the report and `--version`. The version is compiled into the bundles
 * (infra/bundling.ts `versionDefine`), so they carry no package.json; run from source, npm provides it.
 */
export const TOOL = {
  name: SERVICE_NAME,
  version: process.env.REDIS_MEMORY_CHECKER_VERSION ?? process.env.npm_package_version ?? "0.0.0-dev",
} as const;
