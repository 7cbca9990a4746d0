import { runSimulation } from "@cloud-copilot/iam-simulate";
import { DEPLOYED, type DeployedTemplate } from "./cfnTemplate.js";

type Policy = { Version?: string; Statement: unknown[] };
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** Who makes a call: one of the stack's roles (by the construct it belongs to), or an AWS service. */
export type Caller = { role: string } | { service: string };

export interface Call {
  caller: Caller;
  action: string;
  resource: string;
  /** Request context: aws:SecureTransport is true unless given. */
  context?: Record<string, string>;
  /** A resource policy that lives outside this stack (another account's secret, a trust policy). */
  externalResourcePolicy?: Policy;
}

/**
 * Evaluates calls against a deployed template with an offline IAM evaluator that combines identity and
 * resource policies as AWS does (same and cross account, KMS key policies, explicit denies): the identity
 * policies attached to the caller's role in the template, and the resource policy the template (or the call)
 * puts on the resource.
 */
export class IamEvaluation {
  constructor(private readonly deployed: DeployedTemplate) {}

  /** The ARN of the role whose logical id starts with the given construct path prefix (e.g. CheckerFunctionServiceRole). */
  roleArn(logicalIdPrefix: string): string {
    return String(this.deployed.getAtt(this.roleId(logicalIdPrefix), "Arn"));
  }

  /** Every statement of the identity policies attached to a role, resolved. */
  identityStatements(logicalIdPrefix: string): Array<Record<string, unknown>> {
    return this.identityPolicies(this.roleId(logicalIdPrefix)).flatMap((p) => p.Statement as Array<Record<string, unknown>>);
  }

  async decide(call: Call): Promise<Decision> {
    const principal = "role" in call.caller ? this.roleArn(call.caller.role) : call.caller.service;
    const identityPolicies =
      "role" in call.caller
        ? this.identityPolicies(this.roleId(call.caller.role)).map((policy, i) => ({ name: `p${i}`, policy }))
        : [];
    const resourcePolicy = call.externalResourcePolicy ?? this.resourcePolicy(call.resource);
    const result = await runSimulation(
      {
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(resourcePolicy ? { resourcePolicy } : {}),
        request: {
          action: call.action,
          principal,
          resource: { resource: call.resource, accountId: accountOf(call.resource) },
          contextVariables: { "aws:SecureTransport": "true", ...call.context },
        },
      } as Parameters<typeof runSimulation>[0],
      {},
    );
    if (result.resultType === "error") throw new Error(`${call.action} on ${call.resource}: ${JSON.stringify(result.errors)}`);
    return result.overallResult as Decision;
  }

  private roleId(prefix: string): string {
    const ids = this.deployed.ofType("AWS::IAM::Role").filter((id) => id.startsWith(prefix));
    if (ids.length !== 1) throw new Error(`expected one role starting ${prefix}, found ${ids.join(", ") || "none"}`);
    return ids[0] as string;
  }

  private identityPolicies(roleId: string): Policy[] {
    const roleName = this.deployed.ref(roleId);
    const attached = this.deployed
      .ofType("AWS::IAM::Policy")
      .map((id) => this.deployed.properties(id))
      .filter((p) => (p.Roles as unknown[] | undefined)?.includes(roleName))
      .map((p) => p.PolicyDocument as Policy);
    const inline = ((this.deployed.properties(roleId).Policies as Array<{ PolicyDocument: Policy }> | undefined) ?? []).map(
      (p) => p.PolicyDocument,
    );
    return [...attached, ...inline];
  }

  /** The policy the template puts on a resource: topic policy, key policy, queue policy. */
  private resourcePolicy(arn: string): Policy | undefined {
    const d = this.deployed;
    for (const id of d.ofType("AWS::SNS::TopicPolicy")) {
      const p = d.properties(id);
      if ((p.Topics as string[]).includes(arn)) return p.PolicyDocument as Policy;
    }
    for (const id of d.ofType("AWS::KMS::Key")) {
      if (d.getAtt(id, "Arn") === arn) return d.properties(id).KeyPolicy as Policy;
    }
    for (const id of d.ofType("AWS::SQS::QueuePolicy")) {
      const p = d.properties(id);
      const queues = (p.Queues as string[]).map((url) => {
        const queueId = d.ofType("AWS::SQS::Queue").find((q) => d.ref(q) === url);
        return queueId ? d.getAtt(queueId, "Arn") : undefined;
      });
      if (queues.includes(arn)) return p.PolicyDocument as Policy;
    }
    return undefined;
  }
}

function accountOf(arn: string): string {
  return arn.split(":")[4] || DEPLOYED.account;
}
