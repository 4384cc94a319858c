// Event shapes from templates, not per-eventName code: an eventName's verb
// (List/Describe, Get, Create, Delete, Update...) and its service's resource and
// style decide its requestParameters, responseElements, resources and the errors
// it can fail with. A few calls that detections look at closely (AssumeRole*,
// S3 objects, RunInstances, security groups, access keys) have their own shape.

import type { Rng } from './rng.js';
import type { Ctx, ErrorDialect, ServiceSpec } from './services.js';

export type Verb = 'list' | 'read' | 'create' | 'delete' | 'change' | 'invoke';

const LIST = /^(List|Lookup|Search|Filter|Discover)|^(Describe|Get)\w*[^s]s$|^Describe(Events|EventAggregates)$/;
const READ = /^(Describe|Get|Head|Check|Validate|Decode|Access|BatchGet|BatchCheck|Query|Decrypt|Encrypt|ReEncrypt|GenerateDataKey|Assume)/;
const CREATE = /^(Create|Run|Allocate|Register|Import|Request|Initiate|Copy)/;
const DELETE = /^(Delete|Terminate|Deregister|Release|Remove|Revoke|Detach|Disable|Deactivate|Stop|Purge|Unsubscribe|Leave|Schedule|Retire|Archive|Exit)/;
const INVOKE = /^(Invoke|Send|Publish|Put(Record|Item|Image|Object|Evaluations)|Start|Execute|Submit|Batch|Upload|Complete|Rotate|Reboot|Federate|Authenticate|Switch|Provision|Console|Credential|User|GenerateCredential)/;

export function verbOf(name: string): Verb {
  if (LIST.test(name)) return 'list';
  if (READ.test(name)) return 'read';
  if (CREATE.test(name)) return 'create';
  if (DELETE.test(name)) return 'delete';
  if (INVOKE.test(name)) return 'invoke';
  return 'change';
}

/** `CreateSecurityGroup` -> `securityGroup`; API version suffixes dropped. */
export function nounOf(name: string): string {
  const base = name.replace(/\d{8}(v\d)?$/, '');
  const m = /^[A-Z][a-z]+(.*)$/.exec(base);
  const noun = m && m[1] ? m[1] : base;
  return noun[0]!.toLowerCase() + noun.slice(1);
}

/** The IAM action, as error messages name it: `ec2:RunInstances`. */
export function actionOf(svc: ServiceSpec, name: string): string {
  return `${svc.prefix === 'monitoring' ? 'cloudwatch' : svc.prefix}:${name.replace(/\d{8}(v\d)?$/, '')}`;
}

const TAG_KEYS = ['team', 'env', 'cost-center', 'owner'];
const ATTRS: readonly [string, (r: Rng) => unknown][] = [
  ['description', (r) => r.pick(['managed by terraform', 'updated by pipeline', 'temporary change'])],
  ['enabled', (r) => r.bool(0.7)],
  ['timeout', (r) => r.pick([30, 60, 300, 900])],
  ['tags', (r) => [{ key: r.pick(TAG_KEYS), value: r.pick(['platform', 'data', 'prod', 'dev']) }]],
];

const ec2Set = (noun: string) => `${noun.replace(/s$/, '')}Set`;

export function requestFor(svc: ServiceSpec, name: string, verb: Verb, v: string, r: Rng, c: Ctx): unknown {
  const special = SPECIAL_REQUEST[name]?.(r, c, v);
  if (special !== undefined) return special;
  const p = svc.resource.param;
  switch (verb) {
    case 'list':
      if (svc.ec2Style) return { [ec2Set(nounOf(name))]: {}, filterSet: r.bool(0.3) ? { items: [{ name: 'tag:env', valueSet: { items: [{ value: r.pick(['prod', 'dev']) }] } }] } : {} };
      return r.bool(0.4) ? null : r.bool(0.5) ? { maxResults: r.pick([20, 50, 100, 1000]) } : { [p]: v, maxResults: 100 };
    case 'read':
      return svc.ec2Style ? { [ec2Set(p)]: { items: [{ [p]: v }] } } : { [p]: v };
    case 'create': {
      const o: Record<string, unknown> = { [p]: v };
      if (r.bool(0.5)) o.tags = [{ key: r.pick(TAG_KEYS), value: r.pick(['platform', 'data']) }];
      if (r.bool(0.3)) o.description = 'created by terraform';
      return o;
    }
    case 'delete':
      return { [p]: v };
    case 'invoke':
      return { [p]: v, ...(r.bool(0.5) ? { clientToken: r.uuid() } : {}) };
    case 'change': {
      const [k, f] = r.pick(ATTRS);
      return { [p]: v, [k]: f(r) };
    }
    default:
      return verb satisfies never;
  }
}

export function responseFor(svc: ServiceSpec, name: string, verb: Verb, v: string, r: Rng, c: Ctx, arn: string): unknown {
  const special = SPECIAL_RESPONSE[name];
  if (special) return special(r, c, v);
  if (verb === 'list' || verb === 'read') return null;
  if (svc.ec2Style) return verb === 'create'
    ? { requestId: r.uuid(), [nounOf(name)]: { [svc.resource.param]: v, tagSet: {} } }
    : { requestId: r.uuid(), _return: true };
  if (verb === 'create') return { [nounOf(name)]: { [svc.resource.param]: v, arn, createdDate: 'Jul 1, 2024, 12:00:00 AM' } };
  return null;
}

const creds = (r: Rng) => ({ accessKeyId: `ASIA${r.upper(16)}`, sessionToken: r.b64(96), expiration: 'Jul 1, 2024, 1:00:00 PM' });
const objectKey = (r: Rng) => `${r.pick(['data', 'logs', 'exports', 'models', 'uploads'])}/${r.int(2023, 2024)}/${r.hex(6)}/part-${r.int(0, 999)}.${r.pick(['parquet', 'json.gz', 'csv'])}`;

const SPECIAL_REQUEST: Record<string, (r: Rng, c: Ctx, v: string) => unknown> = {
  AssumeRole: (r, c, v) => ({ roleArn: `arn:aws:iam::${c.account}:role/${v}`, roleSessionName: `${v.toLowerCase()}-${r.hex(8)}`, durationSeconds: r.pick([900, 3600, 43200]) }),
  AssumeRoleWithSAML: (_r, c, v) => ({ roleArn: `arn:aws:iam::${c.account}:role/${v}`, principalArn: `arn:aws:iam::${c.account}:saml-provider/Okta`, durationSeconds: 3600 }),
  AssumeRoleWithWebIdentity: (r, c, v) => ({ roleArn: `arn:aws:iam::${c.account}:role/${v}`, roleSessionName: `GitHubActions-${r.int(1e5, 1e6)}` }),
  GetCallerIdentity: () => null,
  GetObject: (r, c, v) => ({ bucketName: v, key: objectKey(r), Host: `${v}.s3.${c.region}.amazonaws.com` }),
  PutObject: (r, c, v) => ({ bucketName: v, key: objectKey(r), Host: `${v}.s3.${c.region}.amazonaws.com`, 'x-amz-server-side-encryption': 'aws:kms' }),
  HeadObject: (r, c, v) => ({ bucketName: v, key: objectKey(r), Host: `${v}.s3.${c.region}.amazonaws.com` }),
  ListBuckets: (_r, c) => ({ Host: `s3.${c.region}.amazonaws.com` }),
  Decrypt: (r, c) => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT', encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:${c.region}:${c.account}:function:${r.pick(['api', 'worker'])}-handler` } }),
  GenerateDataKey: (_r, _c, v) => ({ keyId: v, keySpec: 'AES_256' }),
  RunInstances: (r) => ({ instancesSet: { items: [{ imageId: `ami-0${r.hex(16)}`, minCount: 1, maxCount: r.pick([1, 1, 2, 10]) }] }, instanceType: r.pick(['t3.micro', 'm5.large', 'c5.xlarge', 'p4d.24xlarge']), blockDeviceMapping: {}, monitoring: { enabled: false }, disableApiTermination: false }),
  AuthorizeSecurityGroupIngress: (r) => {
    const port = r.pick([22, 443, 3389, 5432]);
    return { groupId: `sg-0${r.hex(16)}`, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: port, toPort: port, groups: {}, ipRanges: { items: [{ cidrIp: r.pick(['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24']) }] }, ipv6Ranges: {}, prefixListIds: {} }] } };
  },
  CreateAccessKey: (_r, _c, v) => ({ userName: v }),
  AttachUserPolicy: (r, _c, v) => ({ userName: v, policyArn: r.pick(['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess']) }),
  PutRolePolicy: (r) => ({ roleName: r.pick(['DeployRole', 'LambdaExec']), policyName: 'inline', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' }),
  GetSecretValue: (_r, c, v) => ({ secretId: `arn:aws:secretsmanager:${c.region}:${c.account}:secret:${v}` }),
  StopLogging: (_r, c, v) => ({ name: `arn:aws:cloudtrail:${c.region}:${c.account}:trail/${v}` }),
  GetAuthorizationToken: () => null,
};

const SPECIAL_RESPONSE: Record<string, (r: Rng, c: Ctx, v: string) => unknown> = {
  AssumeRole: (r, c, v) => ({ credentials: creds(r), assumedRoleUser: { assumedRoleId: `AROA${r.upper(17)}:${v.toLowerCase()}`, arn: `arn:aws:sts::${c.account}:assumed-role/${v}/${v.toLowerCase()}` } }),
  AssumeRoleWithSAML: (r, c, v) => ({ credentials: creds(r), assumedRoleUser: { assumedRoleId: `AROA${r.upper(17)}:user@example.com`, arn: `arn:aws:sts::${c.account}:assumed-role/${v}/user@example.com` }, subject: 'user@example.com', subjectType: 'persistent', issuer: 'http://www.okta.com/exk1a2b3c4', audience: 'https://signin.aws.amazon.com/saml', nameQualifier: 'Sx4+Ab1Q9ExampleZqJ0bA8=' }),
  AssumeRoleWithWebIdentity: (r, c, v) => ({ credentials: creds(r), subjectFromWebIdentityToken: 'repo:example-org/infra:ref:refs/heads/main', assumedRoleUser: { assumedRoleId: `AROA${r.upper(17)}:GitHubActions`, arn: `arn:aws:sts::${c.account}:assumed-role/${v}/GitHubActions` }, provider: `arn:aws:iam::${c.account}:oidc-provider/token.actions.githubusercontent.com`, audience: 'sts.amazonaws.com' }),
  GetSessionToken: (r) => ({ credentials: creds(r) }),
  RunInstances: (r) => ({ requestId: r.uuid(), reservationId: `r-0${r.hex(16)}`, ownerId: '', groupSet: {}, instancesSet: { items: [{ instanceId: `i-0${r.hex(16)}`, imageId: `ami-0${r.hex(16)}`, currentState: { code: 0, name: 'pending' }, privateIpAddress: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}` }] } }),
  AuthorizeSecurityGroupIngress: (r) => ({ requestId: r.uuid(), _return: true, securityGroupRuleSet: { items: [{ securityGroupRuleId: `sgr-0${r.hex(16)}`, isEgress: false }] } }),
  CreateAccessKey: (r, _c, v) => ({ accessKey: { accessKeyId: `AKIA${r.upper(16)}`, status: 'Active', userName: v, createDate: 'Jul 1, 2024, 12:00:00 AM' } }),
  CreateUser: (r, c, v) => ({ user: { path: '/', userName: v, userId: `AIDA${r.upper(17)}`, arn: `arn:aws:iam::${c.account}:user/${v}`, createDate: 'Jul 1, 2024, 12:00:00 AM' } }),
  PutObject: () => null,
};

/** Real error codes and messages, by the service's dialect. */
export function errorFor(svc: ServiceSpec, name: string, r: Rng, callerArn: string, resourceArn: string): { code: string; message: string | null } {
  const action = actionOf(svc, name);
  const denied = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resourceArn} because no identity-based policy allows the ${action} action`;
  const x = r.next();
  const d: ErrorDialect = svc.dialect;
  if (x < 0.45) {
    if (d === 'ec2') return { code: 'Client.UnauthorizedOperation', message: `You are not authorized to perform this operation. User: ${callerArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action. Encoded authorization failure message: ${r.b64(64)}` };
    if (d === 's3') return { code: 'AccessDenied', message: 'Access Denied' };
    return { code: d === 'query' ? 'AccessDenied' : 'AccessDeniedException', message: denied };
  }
  if (x < 0.7) {
    if (d === 'ec2') return { code: 'Client.InvalidInstanceID.NotFound', message: `The instance ID '${resourceArn.slice(resourceArn.lastIndexOf('/') + 1)}' does not exist` };
    if (d === 's3') return r.bool(0.5) ? { code: 'NoSuchKey', message: 'The specified key does not exist.' } : { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist' };
    if (d === 'query') return { code: 'NoSuchEntity', message: `The resource ${resourceArn} cannot be found.` };
    return { code: 'ResourceNotFoundException', message: `Requested resource not found: ${resourceArn}` };
  }
  if (x < 0.85) {
    if (d === 'ec2') return { code: 'Client.RequestLimitExceeded', message: 'Request limit exceeded.' };
    if (d === 's3') return { code: 'SlowDown', message: 'Please reduce your request rate.' };
    return { code: d === 'query' ? 'Throttling' : 'ThrottlingException', message: 'Rate exceeded' };
  }
  if (d === 'ec2') return r.bool(0.5) ? { code: 'Client.DryRunOperation', message: 'Request would have succeeded, but DryRun flag is set.' } : { code: 'Client.InvalidParameterValue', message: null };
  if (d === 's3') return { code: 'InvalidRequest', message: 'Missing required header for this request: Content-MD5' };
  return { code: d === 'query' ? 'ValidationError' : 'ValidationException', message: `1 validation error detected: Value at '${svc.resource.param}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+` };
}
