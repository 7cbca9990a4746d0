import { alertItemsWithoutState, summaryItems } from "../core/alerting/items.js";
import type { AlertPolicy } from "./ports.js";

/** Without state: every non-OK node alerts on every run; the summary lists every node. */
export const statelessPolicy: AlertPolicy = {
  async select(report, mode) {
    return { items: mode === "summary" ? summaryItems(report) : alertItemsWithoutState(report) };
  },
};
