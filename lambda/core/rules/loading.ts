import type { Rule } from "./rule.js";

/**
 * Loading its dataset (after a restart, or a replica's full sync): memory figures are still moving, so no
 * memory verdict is given until it is done. The node is UNKNOWN, and says why.
 */
export const loading: Rule = ({ memory: m }) => {
  if (!m.loading) return [];
  const done = m.loading.percent !== undefined ? ` (${m.loading.percent.toFixed(0)}% loaded` : "";
  const eta = m.loading.etaSeconds !== undefined && done ? `, about ${m.loading.etaSeconds} s to go)` : done ? ")" : "";
  return [
    {
      code: "LOADING",
      severity: "UNKNOWN",
      metric: "loading",
      measured: m.loading.percent ?? 1,
      meaning: `The server is loading its dataset${done}${eta}: memory figures are still moving, so memory verdicts are held until it is done.`,
      nextStep: "Nothing, unless it stays loading: then check the server's log (a slow disk, a large RDB or AOF).",
      summary: `loading its dataset${done ? done.replace(" (", ", ").replace(")", "") : ""}`,
    },
  ];
};
