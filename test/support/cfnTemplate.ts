/**
 * A synthesized CloudFormation template as it would stand deployed in one account and region: every
 * intrinsic (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If) resolved to the names and ARNs
 * CloudFormation would give the resources, so that policies can be handed to a real IAM evaluator.
 */
export const DEPLOYED = {
  partition: "aws",
  region: "eu-west-1",
  account: "111111111111",
  urlSuffix: "amazonaws.com",
} as const;

type Json = unknown;
interface Resource {
  Type: string;
  Properties?: Record<string, Json>;
}
export interface CfnTemplate {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, Json>;
}

export class DeployedTemplate {
  readonly resources: Record<string, Resource>;

  constructor(
    private readonly template: CfnTemplate,
    readonly stackName: string,
  ) {
    this.resources = template.Resources;
  }

  /** The logical ids of the resources of a type. */
  ofType(type: string): string[] {
    return Object.entries(this.resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }

  /** A resource's properties with every intrinsic resolved. */
  properties(logicalId: string): Record<string, Json> {
    return this.resolve(this.resource(logicalId).Properties ?? {}) as Record<string, Json>;
  }

  resolve(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value as Record<string, Json>);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined) {
      switch (key) {
        case "Ref":
          return this.ref(arg as string);
        case "Fn::GetAtt": {
          const [id, attr] = Array.isArray(arg) ? (arg as [string, string]) : ((arg as string).split(".") as [string, string]);
          return this.getAtt(id, attr);
        }
        case "Fn::Join": {
          const [sep, parts] = arg as [string, Json[]];
          return (this.resolve(parts) as Json[]).map(String).join(sep);
        }
        case "Fn::Select": {
          const [index, list] = arg as [Json, Json];
          return (this.resolve(list) as Json[])[Number(this.resolve(index))];
        }
        case "Fn::Split": {
          const [sep, text] = arg as [string, Json];
          return String(this.resolve(text)).split(sep);
        }
        case "Fn::Sub": {
          const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, Json>];
          return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
            if (name in vars) return String(this.resolve(vars[name]));
            const [id, attr] = name.split(".");
            return String(attr ? this.getAtt(id as string, attr) : this.ref(id as string));
          });
        }
        case "Fn::If": {
          const [condition, yes, no] = arg as [string, Json, Json];
          return this.resolve(this.condition(condition) ? yes : no);
        }
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]).filter(([, v]) => v !== NO_VALUE));
  }

  /** What `Ref` gives for a resource or a pseudo parameter. */
  ref(id: string): Json {
    switch (id) {
      case "AWS::Partition":
        return DEPLOYED.partition;
      case "AWS::Region":
        return DEPLOYED.region;
      case "AWS::AccountId":
        return DEPLOYED.account;
      case "AWS::URLSuffix":
        return DEPLOYED.urlSuffix;
      case "AWS::StackName":
        return this.stackName;
      case "AWS::NoValue":
        return NO_VALUE;
    }
    const r = this.resource(id);
    const name = this.physicalName(id);
    const { region, account } = DEPLOYED;
    switch (r.Type) {
      case "AWS::SNS::Topic":
      case "AWS::SecretsManager::Secret":
        return this.getAtt(id, "Arn");
      case "AWS::SQS::Queue":
        return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
      case "AWS::KMS::Key":
        return keyId(id);
      default:
        return name;
    }
  }

  getAtt(id: string, attr: string): Json {
    const r = this.resource(id);
    const name = this.physicalName(id);
    const { partition: p, region, account } = DEPLOYED;
    const arn = (service: string, resource: string, inRegion: string = region) =>
      `arn:${p}:${service}:${inRegion}:${account}:${resource}`;
    const arns: Record<string, () => string> = {
      "AWS::SNS::Topic": () => arn("sns", name),
      "AWS::SQS::Queue": () => arn("sqs", name),
      "AWS::KMS::Key": () => arn("kms", `key/${keyId(id)}`),
      "AWS::Lambda::Function": () => arn("lambda", `function:${name}`),
      "AWS::DynamoDB::GlobalTable": () => arn("dynamodb", `table/${name}`),
      "AWS::DynamoDB::Table": () => arn("dynamodb", `table/${name}`),
      "AWS::IAM::Role": () => `arn:${p}:iam::${account}:role/${name}`,
      "AWS::SecretsManager::Secret": () => arn("secretsmanager", `secret:${name}-AbC123`),
      "AWS::CloudWatch::Alarm": () => arn("cloudwatch", `alarm:${name}`),
      "AWS::Logs::LogGroup": () => arn("logs", `log-group:${name}:*`),
      "AWS::Scheduler::Schedule": () => arn("scheduler", `schedule/default/${name}`),
      "AWS::Chatbot::SlackChannelConfiguration": () => arn("chatbot", `chat-configuration/slack-channel/${name}`, "global"),
    };
    if (attr === "Arn" || attr === "TopicArn") {
      const make = arns[r.Type];
      if (!make) throw new Error(`no ARN known for ${r.Type} (${id})`);
      return make();
    }
    if (attr === "QueueName" || attr === "TopicName") return name;
    if (attr === "GroupId") return `sg-${hex(id)}`;
    throw new Error(`Fn::GetAtt ${id}.${attr} is not modelled`);
  }

  /** The name CloudFormation gives a resource: its own name property, else stack-logicalId-suffix. */
  physicalName(id: string): string {
    const props = this.resource(id).Properties ?? {};
    for (const key of ["AlarmName", "TopicName", "QueueName", "FunctionName", "TableName", "RoleName", "Name", "LogGroupName"]) {
      if (props[key] !== undefined) return String(this.resolve(props[key]));
    }
    return `${this.stackName}-${id}-${hex(id).slice(0, 12).toUpperCase()}`;
  }

  private condition(name: string): boolean {
    const c = this.template.Conditions?.[name] as Record<string, Json> | undefined;
    if (!c) throw new Error(`condition ${name} not found`);
    const [op, arg] = Object.entries(c)[0] as [string, Json[]];
    if (op === "Fn::Equals") return JSON.stringify(this.resolve(arg[0])) === JSON.stringify(this.resolve(arg[1]));
    throw new Error(`condition operator ${op} is not modelled`);
  }

  private resource(id: string): Resource {
    const r = this.resources[id];
    if (!r) throw new Error(`no resource ${id} in the template`);
    return r;
  }
}

const NO_VALUE = Symbol("AWS::NoValue");
const keyId = (id: string) => `${hex(id).slice(0, 8)}-0000-4000-8000-${hex(id).slice(0, 12)}`;
function hex(text: string): string {
  let h = 0x811c9dc5;
  let out = "";
  for (let round = 0; round < 3; round++) {
    for (const c of `${round}${text}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}
