import type { Credentials } from "../../settings/credentials.js";
import type { ConfigDocument, Defaults } from "../config.js";
import { type EndpointSettings, endpointSettings, type Overrides } from "../endpoint.js";
import type { ManagedSelection, ManagedService, ReadMode } from "./resource.js";
import { managedSelection, managedService, managedSourceName } from "./source.js";

/**
 * A managed entry as a run holds it: what to discover, and how every endpoint it finds is checked. Discovery
 * turns it into endpoints at run time (expand.ts).
 */
export interface ManagedEntry {
  kind: "managed";
  /** Its `name`, or its selection: `elasticache:all`, `memorydb:orders,carts [team=payments]`. */
  name: string;
  service: ManagedService;
  selection: ManagedSelection;
  /** Only resources carrying every one of these tags. */
  tags?: Record<string, string>;
  /** Where the resources live, when not the function's own region. */
  region?: string;
  /** The role their account is reached through; absent: this account. */
  roleArn?: string;
  /** How its nodes are read, as written (a Serverless cache is read from CloudWatch whatever it says). */
  read: ReadMode;
  /** The nodes' AUTH as written; a credentials secret fills what is missing. */
  credentials: Credentials;
  settings: EndpointSettings;
}

/**
 * The document's managed entries, with the same layering of defaults and overrides as its endpoints
 * (`defaults`: the document's own merged over the caller's base; alone, the document's own).
 */
export function resolveManaged(
  doc: ConfigDocument,
  defaults: Defaults = doc.defaults,
  overrides: Overrides = {},
): ManagedEntry[] {
  return doc.managed.map((input) => ({
    kind: "managed",
    name: managedSourceName(input),
    service: managedService(input),
    selection: managedSelection(input),
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.region ? { region: input.region } : {}),
    ...(input.roleArn ? { roleArn: input.roleArn } : {}),
    read: input.read ?? "auto",
    credentials: { username: input.username, password: input.password },
    settings: endpointSettings(input, defaults, overrides),
  }));
}
