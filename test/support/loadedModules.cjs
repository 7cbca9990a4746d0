// Preloaded (`node --require`) into a process under test: at exit it writes to fd 3, as one JSON array, every
// module the process loaded: the CommonJS cache, and on Node >= 22.15 every resolution (require and import
// alike) through module.registerHooks. CommonJS because a preload runs before any loader for TypeScript.
"use strict";
const { writeSync } = require("node:fs");
const nodeModule = require("node:module");

const resolved = new Set();
if (typeof nodeModule.registerHooks === "function") {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      resolved.add(result.url);
      return result;
    },
  });
}
process.on("exit", () => {
  writeSync(3, JSON.stringify([...Object.keys(require.cache), ...resolved]));
});
