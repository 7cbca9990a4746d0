import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { AlertEventBus } from "../../checker/ports.js";
import { within } from "./abort.js";
import { AWS_CLIENT_SETTINGS } from "./clientSettings.js";

const sdk = () => import("@aws-sdk/client-eventbridge");

/** PutEvents takes at most 10 entries per call. */
const MAX_ENTRIES = 10;

/** Puts each alert event on the bus (`default` or a named one); rejects naming the entries it refused. */
export function eventBridgeBus(busName: string, client?: EventBridgeClient): AlertEventBus {
  let made: Promise<EventBridgeClient> | undefined;
  const get = () => {
    made ??= client ? Promise.resolve(client) : sdk().then((m) => new m.EventBridgeClient({ ...AWS_CLIENT_SETTINGS }));
    return made;
  };
  return {
    async put(events, signal) {
      const { PutEventsCommand } = await sdk();
      const eb = await get();
      for (let i = 0; i < events.length; i += MAX_ENTRIES) {
        const entries = events.slice(i, i + MAX_ENTRIES).map((e) => ({
          EventBusName: busName,
          Source: e.source,
          DetailType: e.detailType,
          Resources: e.resources,
          Detail: JSON.stringify(e.detail),
        }));
        const out = await within(signal, (abortSignal) => eb.send(new PutEventsCommand({ Entries: entries }), { abortSignal }));
        if (out.FailedEntryCount) {
          const codes = (out.Entries ?? []).flatMap((e) => (e.ErrorCode ? [`${e.ErrorCode}: ${e.ErrorMessage ?? ""}`] : []));
          throw new Error(`EventBridge refused ${out.FailedEntryCount} of ${entries.length} events (${codes.join("; ")})`);
        }
      }
    },
  };
}
