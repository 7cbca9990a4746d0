import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { AlertPublisher } from "../../checker/ports.js";
import { snsMessage } from "../../core/rendering/message.js";
import { within } from "./abort.js";

/**
 * Publishes one alert with `MessageStructure: json` (the document the core built and measured: the email
 * text once, as `default`, and a short SMS) and the attributes subscription filter policies match on.
 * Failures propagate (after the SDK's retries, within the run's publish window).
 */
export function snsPublisher(sns: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(alert, signal) {
      const { Subject, Message, MessageAttributes } = snsMessage(alert);
      const out = await within(signal, (abortSignal) =>
        sns.send(new PublishCommand({ TopicArn: topicArn, Subject, MessageStructure: "json", Message, MessageAttributes }), {
          abortSignal,
        }),
      );
      return out.MessageId;
    },
  };
}
