/**
 * A secret named in context (`-c endpointSecrets`, `-c credentialSecrets`), read the way Secrets Manager and
 * IAM match it. Secrets Manager appends a hyphen and six random letters and digits to every secret's name in
 * its ARN, so:
 * - a name (`prod/redis`) is this stack's account and region, granted as `…:secret:prod/redis-??????`;
 * - a complete ARN (ending in that suffix) is granted exactly, in its own account and region;
 * - a partial ARN (without the suffix) keeps its account and region and is granted with `-??????`.
 * An ARN that ends in a hyphen and six characters is complete when those hold a digit or a capital letter (a
 * random suffix almost always does), partial when they are lowercase letters (a word: `team/cache-config`).
 * Either reading can be forced: a partial ARN may end in `-??????`, IAM's own pattern for the suffix.
 */
export type SecretReference =
  | { kind: "name"; name: string }
  | { kind: "partial-arn" | "complete-arn"; arn: string; partition: string; region: string; account: string };

const NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const ARN = /^arn:(aws[\w-]*):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:(.+)$/;
const SUFFIX = /-([A-Za-z0-9]{6})$/;

export function parseSecretReference(text: string): SecretReference | { problem: string } {
  if (!text.startsWith("arn:")) {
    return NAME.test(text) ? { kind: "name", name: text } : { problem: `"${text}" is neither a secret name nor a secret ARN` };
  }
  const m = ARN.exec(text);
  if (!m) return { problem: `"${text}" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)` };
  const [, partition, region, account, name] = m as unknown as [string, string, string, string, string];
  const where = { partition, region, account };
  if (name.endsWith("-??????")) return { kind: "partial-arn", arn: text.slice(0, -"-??????".length), ...where };
  if (!NAME.test(name)) return { problem: `"${text}": "${name}" is not a secret name` };
  const suffix = SUFFIX.exec(name)?.[1];
  const complete = suffix !== undefined && /[A-Z0-9]/.test(suffix);
  return { kind: complete ? "complete-arn" : "partial-arn", arn: text, ...where };
}
