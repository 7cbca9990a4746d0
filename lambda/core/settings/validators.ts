import * as z from "zod/mini";
import { JsonSyntaxError, parseJson } from "./json.js";
import "./zod.js";

/**
 * The validators the endpoints document, the handler's environment and the command line share, so one
 * number has one bound wherever it is given. `fromText` variants accept the digits of an environment
 * variable or a flag.
 */
export function boundedInt(bounds: { min: number; max: number }) {
  return z.number().check(z.int(), z.gte(bounds.min), z.lte(bounds.max));
}

export function boundedIntFromText(bounds: { min: number; max: number }) {
  return z.coerce.number().check(z.int(), z.gte(bounds.min), z.lte(bounds.max));
}

/** `a, b,c` into `["a", "b", "c"]`; at least one value. */
export const commaList = z
  .pipe(
    z.string(),
    z.transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  )
  .check(z.refine((list) => list.length > 0, { message: "needs at least one value" }));

/** JSON in a string, then `schema`; a parse error never echoes the text (it may hold a secret). */
export function jsonText<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((s, ctx) => {
        try {
          return parseJson(s);
        } catch (e) {
          // Where and what, never the text.
          ctx.issues.push({ code: "custom", message: e instanceof JsonSyntaxError ? e.message : "not valid JSON", input: "" });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );
}
