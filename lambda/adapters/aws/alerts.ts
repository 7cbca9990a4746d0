import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import type { Alert } from "../../core/alert.js";

/**
 * Publishes one alert with MessageStructure json: the email body, a short SMS, and attributes that
 * subscription filter policies match on. Failures propagate (after the SDK's retries) so the invocation
 * fails and the stack's alarms and failure destination see it.
 */
export async function publishAlert(sns: SNSClient, topicArn: string, alert: Alert): Promise<string | undefined> {
  const out = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: alert.subject,
      MessageStructure: "json",
      Message: JSON.stringify({ default: alert.email, email: alert.email, "email-json": alert.email, sms: alert.sms }),
      MessageAttributes: {
        severity: { DataType: "String", StringValue: alert.attributes.severity },
        status: { DataType: "String", StringValue: alert.attributes.status },
        endpoint: { DataType: "String", StringValue: alert.attributes.endpoint },
        endpoints: { DataType: "String.Array", StringValue: JSON.stringify(alert.attributes.endpoints) },
      },
    }),
  );
  return out.MessageId;
}
