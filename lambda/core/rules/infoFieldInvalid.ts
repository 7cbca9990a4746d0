import type { Rule } from "./rule.js";

/** INFO values that cannot be true (a negative byte count, text where a number belongs) are named, not believed. */
export const infoFieldInvalid: Rule = ({ memory: m }) =>
  m.invalidFields?.length
    ? [
        {
          code: "INFO_FIELD_INVALID",
          severity: "INFO",
          metric: m.invalidFields.map((f) => f.split(":")[0]).join(", "),
          measured: m.invalidFields.join(", "),
          meaning: `INFO reported values no server could: ${m.invalidFields.join(", ")}. They are treated as absent, so the checks that need them were skipped.`,
          nextStep: "Check what answers on this port (a proxy or a modified server); Redis itself never reports these values.",
        },
      ]
    : [];
