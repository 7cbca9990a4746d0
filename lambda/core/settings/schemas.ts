import * as z from "zod/mini";
import { TIMEOUT_MS_BOUNDS } from "./defaults.js";
import { DEFAULT_THRESHOLDS, type Thresholds } from "./thresholds.js";
import { boundedInt } from "./validators.js";
import "./zod.js";

/** Schemas shared by the endpoints document, managed entries, the environment and the CDK context. */

const nonNegative = z.number().check(z.gte(0));
const thresholdShape = Object.fromEntries(Object.keys(DEFAULT_THRESHOLDS).map((k) => [k, z.optional(nonNegative)])) as Record<
  keyof Thresholds,
  z.ZodMiniOptional<z.ZodMiniNumber>
>;
export const ThresholdsSchema = z.strictObject(thresholdShape);

export const RemediationModeSchema = z.enum(["off", "dry-run", "on"]);
export const UsageSchema = z.enum(["cache", "datastore"]);

export const nonEmpty = z.string().check(z.minLength(1));

const millis = boundedInt(TIMEOUT_MS_BOUNDS);
export const TimeoutsSchema = z.strictObject({
  connectMs: z.optional(millis),
  commandMs: z.optional(millis),
});

/** The team an endpoint belongs to: messages are split and routed by it (an SNS filter policy on `owner`). */
export const OwnerSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][\w.@-]{0,63}$/, "a team name: letters, digits, . _ - @, up to 64"));
/** Free labels carried into messages as `key=value` attributes, for filter policies and event rules. */
export const LabelsSchema = z
  .record(
    z.string().check(z.regex(/^[\w.:/=+@-]{1,128}$/, "tag keys: letters, digits and . : / = + @ - _")),
    z.string().check(z.maxLength(256), z.regex(/^[^\p{Cc}]*$/u, "printable text")),
  )
  .check(z.refine((r) => Object.keys(r).length <= 20, { message: "at most 20 tags" }));
