// What generated events look like: services, event names with their weights
// (skewed, like real trails: a few Describe/Get/Assume calls dominate), and the
// request/response shapes per event. Read-only calls carry `responseElements: null`.

import type { Rng } from './rng.js';

export interface EventKind {
  readonly source: string;
  readonly name: string;
  readonly weight: number;
  readonly readOnly: boolean;
  /** IAM, STS-global, sign-in: recorded in us-east-1, copied into other regions' logs. */
  readonly global?: boolean;
  readonly request: (r: Rng, ctx: Ctx) => unknown;
  readonly response?: (r: Rng, ctx: Ctx) => unknown;
  readonly resources?: (r: Rng, ctx: Ctx) => unknown;
}

export interface Ctx { readonly account: string; readonly region: string; readonly ip: string }

const instanceId = (r: Rng) => `i-0${r.hex(16)}`;
const bucket = (r: Rng) => r.pick(['prod-logs', 'data-lake-raw', 'backups-eu', 'web-assets', 'ml-training', 'audit-archive']) + `-${r.int(100, 999)}`;
const user = (r: Rng) => r.pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'deploy-bot', 'ci-runner']);
const role = (r: Rng) => r.pick(['AdminRole', 'ReadOnly', 'DeployRole', 'LambdaExec', 'EKSNodeRole', 'DataPipeline', 'SecurityAudit']);

const kinds: EventKind[] = [
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances', weight: 900, readOnly: true, request: (r) => ({ instancesSet: { items: r.bool(0.3) ? [{ instanceId: instanceId(r) }] : [] }, filterSet: {} }) },
  { source: 'sts.amazonaws.com', name: 'AssumeRole', weight: 800, readOnly: true,
    request: (r, c) => ({ roleArn: `arn:aws:iam::${c.account}:role/${role(r)}`, roleSessionName: `session-${r.hex(8)}`, durationSeconds: 3600 }),
    response: (r, c) => ({ credentials: { accessKeyId: `ASIA${r.upper(16)}`, sessionToken: r.b64(120), expiration: 'Jan 1, 2030, 12:00:00 AM' }, assumedRoleUser: { assumedRoleId: `AROA${r.upper(17)}:session`, arn: `arn:aws:sts::${c.account}:assumed-role/${role(r)}/session` } }),
    resources: (r, c) => [{ accountId: c.account, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${c.account}:role/${role(r)}` }] },
  { source: 's3.amazonaws.com', name: 'GetObject', weight: 700, readOnly: true, request: (r) => ({ bucketName: bucket(r), key: `data/${r.hex(6)}/part-${r.int(0, 999)}.parquet`, Host: 's3.amazonaws.com' }),
    resources: (r, c) => [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket(r)}/data/${r.hex(6)}` }, { accountId: c.account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket(r)}` }] },
  { source: 's3.amazonaws.com', name: 'PutObject', weight: 250, readOnly: false, request: (r) => ({ bucketName: bucket(r), key: `uploads/${r.hex(10)}.json`, Host: 's3.amazonaws.com' }) },
  { source: 's3.amazonaws.com', name: 'ListBuckets', weight: 120, readOnly: true, request: () => ({ Host: 's3.amazonaws.com' }) },
  { source: 'kms.amazonaws.com', name: 'Decrypt', weight: 600, readOnly: true, request: () => ({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
    resources: (r, c) => [{ accountId: c.account, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:${c.region}:${c.account}:key/${r.uuid()}` }] },
  { source: 'kms.amazonaws.com', name: 'GenerateDataKey', weight: 200, readOnly: true, request: (r) => ({ keyId: `alias/${r.pick(['app', 'backup', 's3'])}`, keySpec: 'AES_256' }) },
  { source: 'logs.amazonaws.com', name: 'CreateLogStream', weight: 300, readOnly: false, request: (r) => ({ logGroupName: `/aws/lambda/${r.pick(['api', 'worker', 'cron'])}`, logStreamName: `2024/01/01/[$LATEST]${r.hex(32)}` }) },
  { source: 'lambda.amazonaws.com', name: 'Invoke', weight: 280, readOnly: false, request: (r, c) => ({ functionName: `arn:aws:lambda:${c.region}:${c.account}:function:${r.pick(['api', 'worker', 'cron'])}` }) },
  { source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', weight: 60, readOnly: true, request: () => null },
  { source: 'dynamodb.amazonaws.com', name: 'DescribeTable', weight: 150, readOnly: true, request: (r) => ({ tableName: r.pick(['orders', 'users', 'sessions']) }) },
  { source: 'ssm.amazonaws.com', name: 'GetParameter', weight: 220, readOnly: true, request: (r) => ({ name: `/app/${r.pick(['db', 'api', 'feature'])}/${r.pick(['url', 'key', 'flag'])}`, withDecryption: r.bool(0.5) }) },
  { source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', weight: 90, readOnly: true, request: (r, c) => ({ secretId: `arn:aws:secretsmanager:${c.region}:${c.account}:secret:${r.pick(['db', 'api'])}-${r.hex(6)}` }) },
  { source: 'ec2.amazonaws.com', name: 'DescribeSecurityGroups', weight: 140, readOnly: true, request: () => ({ securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }) },
  { source: 'ec2.amazonaws.com', name: 'AuthorizeSecurityGroupIngress', weight: 12, readOnly: false,
    request: (r) => ({ groupId: `sg-0${r.hex(16)}`, ipPermissions: { items: [{ ipProtocol: 'tcp', fromPort: r.pick([22, 443, 3389]), toPort: 22, ipRanges: { items: [{ cidrIp: r.pick(['0.0.0.0/0', '10.0.0.0/8']) }] } }] } }),
    response: (r) => ({ _return: true, securityGroupRuleSet: { items: [{ securityGroupRuleId: `sgr-0${r.hex(16)}` }] } }) },
  { source: 'ec2.amazonaws.com', name: 'RunInstances', weight: 20, readOnly: false,
    request: (r) => ({ instancesSet: { items: [{ imageId: `ami-0${r.hex(16)}`, minCount: 1, maxCount: 1 }] }, instanceType: r.pick(['t3.micro', 'm5.large', 'c5.xlarge']) }),
    response: (r) => ({ instancesSet: { items: [{ instanceId: instanceId(r), currentState: { code: 0, name: 'pending' } }] } }) },
  { source: 'ec2.amazonaws.com', name: 'CreateRoute', weight: 4, readOnly: false, request: (r) => ({ routeTableId: `rtb-0${r.hex(16)}`, destinationCidrBlock: '0.0.0.0/0', gatewayId: `igw-0${r.hex(16)}` }), response: () => ({ _return: true }) },
  { source: 'ec2.amazonaws.com', name: 'CreateNetworkAclEntry', weight: 3, readOnly: false, request: (r) => ({ networkAclId: `acl-0${r.hex(16)}`, ruleNumber: r.int(1, 200), egress: false, ruleAction: 'allow' }), response: () => ({ _return: true }) },
  { source: 'iam.amazonaws.com', name: 'ListRoles', weight: 80, readOnly: true, global: true, request: () => null },
  { source: 'iam.amazonaws.com', name: 'CreateUser', weight: 6, readOnly: false, global: true, request: (r) => ({ userName: `${user(r)}-${r.int(1, 99)}` }),
    response: (r, c) => ({ user: { userName: user(r), userId: `AIDA${r.upper(17)}`, arn: `arn:aws:iam::${c.account}:user/${user(r)}`, createDate: 'Jan 1, 2024, 12:00:00 AM', path: '/' } }) },
  { source: 'iam.amazonaws.com', name: 'AttachUserPolicy', weight: 5, readOnly: false, global: true, request: (r) => ({ userName: user(r), policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }) },
  { source: 'iam.amazonaws.com', name: 'CreateAccessKey', weight: 5, readOnly: false, global: true, request: (r) => ({ userName: user(r) }),
    response: (r) => ({ accessKey: { accessKeyId: `AKIA${r.upper(16)}`, status: 'Active', userName: user(r), createDate: 'Jan 1, 2024, 12:00:00 AM' } }) },
  { source: 'iam.amazonaws.com', name: 'PutRolePolicy', weight: 4, readOnly: false, global: true, request: (r) => ({ roleName: role(r), policyName: 'inline', policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }) },
  { source: 'signin.amazonaws.com', name: 'ConsoleLogin', weight: 40, readOnly: false, global: true, request: () => null },
  { source: 'cloudtrail.amazonaws.com', name: 'LookupEvents', weight: 30, readOnly: true, request: () => ({ maxResults: 50 }) },
  { source: 'cloudtrail.amazonaws.com', name: 'StopLogging', weight: 1, readOnly: false, request: (r, c) => ({ name: `arn:aws:cloudtrail:${c.region}:${c.account}:trail/org-trail` }) },
  { source: 'cloudtrail.amazonaws.com', name: 'UpdateTrail', weight: 1, readOnly: false, request: (r) => ({ name: 'org-trail', isMultiRegionTrail: r.bool(0.5) }) },
  { source: 'guardduty.amazonaws.com', name: 'ListFindings', weight: 25, readOnly: true, request: (r) => ({ detectorId: r.hex(32) }) },
  { source: 'eks.amazonaws.com', name: 'DescribeCluster', weight: 70, readOnly: true, request: (r) => ({ name: r.pick(['prod', 'staging']) }) },
  { source: 'ecr.amazonaws.com', name: 'GetAuthorizationToken', weight: 90, readOnly: true, request: () => null },
  { source: 'rds.amazonaws.com', name: 'DescribeDBInstances', weight: 45, readOnly: true, request: () => null },
  { source: 'sqs.amazonaws.com', name: 'ReceiveMessage', weight: 0, readOnly: true, request: () => null },
];

export const EVENT_KINDS: readonly EventKind[] = kinds.filter((k) => k.weight > 0);

export const ERRORS: readonly { code: string; message: string }[] = [
  { code: 'AccessDenied', message: 'Access Denied' },
  { code: 'Client.UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
  { code: 'ThrottlingException', message: 'Rate exceeded' },
  { code: 'ResourceNotFoundException', message: 'Requested resource not found' },
  { code: 'NoSuchEntity', message: 'The user with name bob cannot be found.' },
  { code: 'ValidationException', message: '1 validation error detected' },
];

export const USER_AGENTS: readonly string[] = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off command/ec2.describe-instances',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69',
  'aws-sdk-go-v2/1.25.3 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.4',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'console.amazonaws.com',
  'terraform-provider-aws/5.40.0 (+https://registry.terraform.io) aws-sdk-go-v2/1.25.3',
  'aws-internal/3 aws-sdk-java/1.12.667 Linux/5.10.210 OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402',
];
