import { parseJson } from "./json.js";

/** The username and password (or AUTH token) another secret holds for an endpoint. */
export interface Credentials {
  username?: string;
  password?: string;
}

/**
 * Reads a referenced credentials secret: an ElastiCache user secret (`{"username","password","user_arn"}`,
 * the shape its Secrets Manager rotation keeps), any JSON with `username`/`password` (or `authToken`), or a
 * bare AUTH token. Undefined when it holds none of these, and a JsonSyntaxError (line, column and what,
 * never the text) when it is JSON that does not parse; the caller names the secret, never its value.
 */
export function parseCredentials(text: string): Credentials | undefined {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (!trimmed.startsWith("{")) return trimmed ? { password: trimmed } : undefined;
  const data = parseJson(trimmed);
  if (!data || typeof data !== "object") return undefined;
  const o = data as Record<string, unknown>;
  const field = (k: string) => (typeof o[k] === "string" && o[k] !== "" ? (o[k] as string) : undefined);
  const password = field("password") ?? field("authToken") ?? field("auth_token");
  if (password === undefined) return undefined;
  const username = field("username");
  return username === undefined ? { password } : { username, password };
}
