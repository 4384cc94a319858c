// Who makes each generated call: every userIdentity type CloudTrail writes
// (IAMUser, AssumedRole with sessionContext/sessionIssuer, Root, AWSService,
// AWSAccount, FederatedUser, SAMLUser, WebIdentityUser, IdentityCenterUser),
// drawn from a fixed set of principals per account, as real accounts have.

import { formatEventTime } from '../model/time.js';
import type { Rng } from './rng.js';

export type Identity = { readonly type: string } & Record<string, unknown>;

interface Principal { readonly name: string; readonly id: string; readonly key: string; readonly human: boolean }

export interface Principals {
  readonly account: string;
  readonly users: readonly Principal[];
  readonly roles: readonly Principal[];
  /** An account of the same organization that calls into this one. */
  readonly partner: string;
}

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'deploy-bot', 'ci-runner', 'backup-agent', 'legacy-app'];
const ROLES = ['AdminRole', 'ReadOnly', 'DeployRole', 'LambdaExec', 'EKSNodeRole', 'DataPipeline', 'SecurityAudit',
  'OrganizationAccountAccessRole', 'AWSReservedSSO_AdministratorAccess_3f2a9c1d7b6e5a40', 'AWSReservedSSO_ReadOnlyAccess_8d1e4b2c9a7f6e31',
  'AWSServiceRoleForConfig', 'EC2InstanceRole', 'GitHubActionsDeploy'];
const SERVICES = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'cloudformation.amazonaws.com', 'autoscaling.amazonaws.com', 'elasticloadbalancing.amazonaws.com',
  'config.amazonaws.com', 'ecs-tasks.amazonaws.com', 'eks.amazonaws.com', 'backup.amazonaws.com', 'access-analyzer.amazonaws.com'];

export function principals(r: Rng, account: string, partner: string): Principals {
  return {
    account,
    partner,
    users: USERS.map((name) => ({ name, id: `AIDA${r.upper(17)}`, key: `AKIA${r.upper(16)}`, human: !name.includes('-') })),
    roles: ROLES.map((name) => ({ name, id: `AROA${r.upper(17)}`, key: '', human: name.startsWith('AWSReservedSSO') || name === 'AdminRole' })),
  };
}

const roleArn = (account: string, name: string) =>
  `arn:aws:iam::${account}:role/${name.startsWith('AWSReservedSSO') ? 'aws-reserved/sso.amazonaws.com/' : name.startsWith('AWSServiceRole') ? 'aws-service-role/config.amazonaws.com/' : ''}${name}`;

export function iamUser(p: Principals, u: Principal, withKey = true): Identity {
  return { type: 'IAMUser', principalId: u.id, arn: `arn:aws:iam::${p.account}:user/${u.name}`, accountId: p.account, accessKeyId: withKey ? u.key : '', userName: u.name };
}

export function rootIdentity(p: Principals, withKey = true): Identity {
  return { type: 'Root', principalId: p.account, arn: `arn:aws:iam::${p.account}:root`, accountId: p.account, accessKeyId: withKey ? `ASIA${p.account}ROOT` : '' };
}

/** A role session: the session name and key repeat for the hour it lasts. */
export function assumedRole(r: Rng, p: Principals, time: number, role = r.pick(p.roles)): Identity {
  const hour = Math.floor(time / 3_600_000);
  const h = ((hour * 2654435761) ^ role.id.charCodeAt(5) * 40503) >>> 0;
  const session = role.name.startsWith('AWSReservedSSO') ? `${USERS[h % 8]}@example.com`
    : role.name === 'EC2InstanceRole' ? `i-0${h.toString(16).padStart(8, '0')}${role.id.slice(4, 12).toLowerCase()}`
    : role.name === 'GitHubActionsDeploy' ? `GitHubActions-${h % 100000}`
    : `${role.name.toLowerCase()}-${h.toString(16).slice(0, 6)}`;
  const sessionContext: Record<string, unknown> = {
    sessionIssuer: { type: 'Role', principalId: role.id, arn: roleArn(p.account, role.name), accountId: p.account, userName: role.name },
    webIdFederationData: role.name === 'GitHubActionsDeploy' ? { federatedProvider: `arn:aws:iam::${p.account}:oidc-provider/token.actions.githubusercontent.com`, attributes: {} } : {},
    attributes: { creationDate: formatEventTime(hour * 3_600_000), mfaAuthenticated: role.name === 'AdminRole' ? 'true' : 'false' },
  };
  if (role.name === 'EC2InstanceRole') sessionContext.ec2RoleDelivery = '2.0';
  if (role.name === 'DeployRole') sessionContext.sourceIdentity = 'deploy-bot';
  return {
    type: 'AssumedRole',
    principalId: `${role.id}:${session}`,
    arn: `arn:aws:sts::${p.account}:assumed-role/${role.name}/${session}`,
    accountId: p.account,
    accessKeyId: `ASIA${role.id.slice(4, 12)}${(hour % 1e8).toString(36).toUpperCase().padStart(8, 'X')}`,
    sessionContext,
  };
}

export function awsService(r: Rng): Identity {
  return { type: 'AWSService', invokedBy: r.pick(SERVICES) };
}

export function samlUser(r: Rng): Identity {
  const u = r.pick(USERS.slice(0, 8));
  return { type: 'SAMLUser', principalId: `Sx4+Ab1Q9ExampleZqJ0bA8=:${u}@example.com`, userName: `${u}@example.com`, identityProvider: 'Sx4+Ab1Q9ExampleZqJ0bA8=' };
}

export function webIdentityUser(r: Rng): Identity {
  const provider = r.pick(['token.actions.githubusercontent.com', 'accounts.google.com', 'cognito-identity.amazonaws.com']);
  const sub = provider.startsWith('token') ? `repo:example-org/${r.pick(['infra', 'api', 'web'])}:ref:refs/heads/main` : String(r.int(1e8, 1e9));
  return { type: 'WebIdentityUser', principalId: `${provider}:sts.amazonaws.com:${sub}`, userName: sub, identityProvider: provider };
}

export function identityCenterUser(r: Rng, p: Principals): Identity {
  return {
    type: 'IdentityCenterUser', accountId: p.account,
    onBehalfOf: { userId: `9067${r.pick(['a1b2', 'c3d4', 'e5f6'])}c8-${r.pick(['d1e2f3a4', 'b5c6d7e8'])}-40a1-9b2c-example`, identityStoreArn: `arn:aws:identitystore::${p.account}:identitystore/d-9067a1b2c3` },
    credentialId: r.hex(40),
  };
}

/** The mix for an ordinary API call. */
export function callerIdentity(r: Rng, p: Principals, time: number): Identity {
  const x = r.next();
  if (x < 0.6) return assumedRole(r, p, time);
  if (x < 0.8) return iamUser(p, r.pick(p.users));
  if (x < 0.92) return awsService(r);
  if (x < 0.95) {
    const u = r.pick(p.users);
    return { type: 'FederatedUser', principalId: `${p.account}:${u.name}`, arn: `arn:aws:sts::${p.account}:federated-user/${u.name}`, accountId: p.account, accessKeyId: `ASIA${r.upper(16)}`,
      sessionContext: { sessionIssuer: { type: 'IAMUser', principalId: u.id, arn: `arn:aws:iam::${p.account}:user/${u.name}`, accountId: p.account, userName: u.name }, webIdFederationData: {}, attributes: { creationDate: formatEventTime(Math.floor(time / 3_600_000) * 3_600_000), mfaAuthenticated: 'false' } } };
  }
  if (x < 0.98) return { type: 'AWSAccount', principalId: `AIDA${r.upper(17)}`, accountId: p.partner };
  if (x < 0.99) return identityCenterUser(r, p);
  return rootIdentity(p);
}

export function humanUser(r: Rng, p: Principals): Principal {
  return r.pick(p.users.filter((u) => u.human));
}
