import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string[];
  readonly Resource: unknown[];
}

/** Logical id of an L2 construct's CloudFormation resource. */
export const logicalId = (construct: IConstruct): string => {
  const child = construct.node.defaultChild as CfnElement | undefined;
  if (!child) throw new Error(`${construct.node.path} has no default child`);
  return Stack.of(construct).resolve(Stack.of(construct).getLogicalId(child)) as string;
};

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every inline policy attached to the role with logical id `roleId`. */
export const statementsOfRole = (template: Template, roleId: string): PolicyStatement[] => {
  const policies = template.findResources('AWS::IAM::Policy');
  const statements: PolicyStatement[] = [];
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref === roleId)) continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]) {
      statements.push({
        Effect: statement.Effect as 'Allow' | 'Deny',
        Action: asArray(statement.Action as string | string[]),
        Resource: asArray(statement.Resource),
      });
    }
  }
  return statements;
};

/** All actions a role is allowed, with the resources each applies to. */
export const allowedActions = (template: Template, roleId: string): Map<string, unknown[]> => {
  const actions = new Map<string, unknown[]>();
  for (const statement of statementsOfRole(template, roleId)) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of statement.Action) actions.set(action, [...(actions.get(action) ?? []), ...statement.Resource]);
  }
  return actions;
};

export const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
export const ref = (id: string) => ({ Ref: id });
