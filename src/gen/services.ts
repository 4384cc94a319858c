// The generator's service table: which AWS services exist, in order of how
// often real trails see them, with their eventNames (most frequent first), the
// resource each call names (request parameter, resource type, ARN) and the
// service's error dialect. Everything about an event's shape is derived from
// this table by `templates.ts`: there is no per-eventName code here.

import type { Rng } from './rng.js';

export interface Ctx { readonly account: string; readonly region: string }

/** The resource a service's calls are about. */
export interface ResourceSpec {
  readonly param: string;
  readonly type: string;
  readonly value: (r: Rng, c: Ctx) => string;
  readonly arn: (v: string, c: Ctx) => string;
}

/** How a service names its errors: EC2's `Client.` codes, the Query APIs' bare codes, JSON APIs' `...Exception`, S3's. */
export type ErrorDialect = 'ec2' | 'query' | 'json' | 's3';

export interface ServiceSpec {
  /** `ec2` for ec2.amazonaws.com. */
  readonly prefix: string;
  /** IAM-style global service: recorded in us-east-1 and copied into other regions' logs. */
  readonly global?: boolean;
  readonly dialect: ErrorDialect;
  readonly resource: ResourceSpec;
  /** Space-separated eventNames, most frequent first. */
  readonly names: string;
  /** eventNames that are data events (eventCategory Data, managementEvent false). */
  readonly dataEvents?: string;
  /** Whether events list their resources in `resources` (CloudTrail does for some services only). */
  readonly listsResources?: boolean;
  /** Set for services whose request parameters are EC2-style sets (`instancesSet: {items: [...]}`). */
  readonly ec2Style?: boolean;
}

const NAMES = ['prod', 'staging', 'dev', 'analytics', 'billing', 'auth', 'search', 'ingest', 'web', 'api', 'worker', 'etl'];
const hex17 = (p: string) => (r: Rng) => `${p}-0${r.hex(16)}`;
const regional = (svc: string, kind: string, sep = '/') => (v: string, c: Ctx) => `arn:aws:${svc}:${c.region}:${c.account}:${kind}${sep}${v}`;
const res = (param: string, type: string, value: ResourceSpec['value'], arn: ResourceSpec['arn']): ResourceSpec => ({ param, type, value, arn });

export const SERVICES: readonly ServiceSpec[] = [
  { prefix: 'sts', global: false, dialect: 'query', listsResources: true,
    resource: res('roleArn', 'AWS::IAM::Role', (r) => r.pick(['AdminRole', 'ReadOnly', 'DeployRole', 'DataPipeline', 'SecurityAudit', 'OrganizationAccountAccessRole']), (v, c) => `arn:aws:iam::${c.account}:role/${v}`),
    names: 'AssumeRole GetCallerIdentity GetSessionToken DecodeAuthorizationMessage AssumeRoleWithWebIdentity GetAccessKeyInfo AssumeRoleWithSAML GetFederationToken' },
  { prefix: 's3', dialect: 's3', listsResources: true,
    resource: res('bucketName', 'AWS::S3::Bucket', (r, c) => `${r.pick(['prod-logs', 'data-lake-raw', 'backups', 'web-assets', 'ml-training', 'audit-archive'])}-${c.account.slice(-4)}`, (v) => `arn:aws:s3:::${v}`),
    names: 'GetObject PutObject HeadObject ListObjects GetBucketAcl GetBucketLocation ListBuckets DeleteObject GetBucketPolicy GetBucketVersioning CreateMultipartUpload UploadPart CompleteMultipartUpload GetBucketEncryption GetBucketPublicAccessBlock GetBucketTagging CopyObject PutBucketPolicy GetBucketLogging PutBucketAcl PutBucketTagging PutBucketLifecycle CreateBucket DeleteBucket',
    dataEvents: 'GetObject PutObject HeadObject DeleteObject CreateMultipartUpload UploadPart CompleteMultipartUpload CopyObject' },
  { prefix: 'kms', dialect: 'json', listsResources: true,
    resource: res('keyId', 'AWS::KMS::Key', (r) => r.pick(['1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', '9f8e7d6c-5b4a-4f3e-9d2c-1b0a9f8e7d6c', '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f', '77aa88bb-99cc-4dd0-aee1-ff0011223344']), regional('kms', 'key')),
    names: 'Decrypt GenerateDataKey Encrypt DescribeKey ListAliases GetKeyPolicy ListKeys CreateGrant ReEncrypt GenerateDataKeyWithoutPlaintext ListGrants RetireGrant GetKeyRotationStatus EnableKeyRotation CreateKey PutKeyPolicy DisableKey ScheduleKeyDeletion' },
  { prefix: 'ec2', dialect: 'ec2', ec2Style: true,
    resource: res('instanceId', 'AWS::EC2::Instance', hex17('i'), regional('ec2', 'instance')),
    names: 'DescribeInstances DescribeSecurityGroups DescribeVpcs DescribeSubnets DescribeVolumes DescribeNetworkInterfaces DescribeInstanceStatus DescribeSnapshots DescribeImages DescribeRouteTables DescribeAddresses DescribeTags DescribeKeyPairs DescribeRegions DescribeAvailabilityZones DescribeLaunchTemplates DescribeNatGateways DescribeInternetGateways DescribeVpcEndpoints DescribeNetworkAcls CreateTags RunInstances StartInstances StopInstances TerminateInstances DeleteTags CreateNetworkInterface DeleteNetworkInterface AuthorizeSecurityGroupIngress RevokeSecurityGroupIngress AuthorizeSecurityGroupEgress CreateSecurityGroup DeleteSecurityGroup CreateVolume AttachVolume DetachVolume DeleteVolume CreateSnapshot DeleteSnapshot CreateImage ModifyInstanceAttribute RebootInstances AllocateAddress AssociateAddress ReleaseAddress CreateKeyPair ImportKeyPair GetConsoleOutput GetPasswordData ModifySnapshotAttribute ModifyImageAttribute CreateRoute CreateNetworkAclEntry CreateVpc CreateSubnet DeleteVpc CreateFlowLogs DeleteFlowLogs' },
  { prefix: 'logs', dialect: 'json',
    resource: res('logGroupName', 'AWS::Logs::LogGroup', (r) => `/aws/${r.pick(['lambda', 'ecs', 'eks', 'rds'])}/${r.pick(NAMES)}`, regional('logs', 'log-group', ':')),
    names: 'CreateLogStream DescribeLogGroups DescribeLogStreams FilterLogEvents GetLogEvents StartQuery GetQueryResults DescribeMetricFilters CreateLogGroup PutRetentionPolicy PutSubscriptionFilter DeleteLogStream DeleteLogGroup' },
  { prefix: 'lambda', dialect: 'json', listsResources: true,
    resource: res('functionName', 'AWS::Lambda::Function', (r) => r.pick(NAMES) + '-handler', regional('lambda', 'function', ':')),
    names: 'Invoke GetFunction ListFunctions20150331 GetFunctionConfiguration ListEventSourceMappings20150331 GetPolicy20150331v2 UpdateFunctionCode20150331v2 UpdateFunctionConfiguration20150331v2 PublishVersion20150331 AddPermission20150331v2 CreateFunction20150331 CreateEventSourceMapping20150331 ListLayers20181031 DeleteFunction20150331',
    dataEvents: 'Invoke' },
  { prefix: 'monitoring', dialect: 'query',
    resource: res('alarmName', 'AWS::CloudWatch::Alarm', (r) => `${r.pick(NAMES)}-${r.pick(['cpu-high', '5xx', 'latency-p99', 'queue-depth'])}`, regional('cloudwatch', 'alarm', ':')),
    names: 'GetMetricData DescribeAlarms ListMetrics GetMetricStatistics DescribeAlarmHistory GetDashboard PutMetricAlarm DeleteAlarms PutDashboard' },
  { prefix: 'iam', global: true, dialect: 'query',
    resource: res('userName', 'AWS::IAM::User', (r) => r.pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'deploy-bot', 'ci-runner']), (v, c) => `arn:aws:iam::${c.account}:user/${v}`),
    names: 'ListRoles GetRole ListUsers GetUser ListPolicies GetPolicy GetPolicyVersion ListAttachedRolePolicies ListRolePolicies ListAccessKeys ListGroups ListMFADevices GetAccountSummary ListInstanceProfiles GetAccountAuthorizationDetails GenerateCredentialReport GetCredentialReport CreateRole AttachRolePolicy PutRolePolicy TagRole CreateUser CreateAccessKey AttachUserPolicy CreatePolicy CreatePolicyVersion UpdateAccessKey DeleteAccessKey AddUserToGroup CreateLoginProfile UpdateLoginProfile UpdateAssumeRolePolicy CreateInstanceProfile AddRoleToInstanceProfile DetachRolePolicy PutUserPolicy DeleteRole DeleteUser DeactivateMFADevice' },
  { prefix: 'dynamodb', dialect: 'json', listsResources: true,
    resource: res('tableName', 'AWS::DynamoDB::Table', (r) => r.pick(['orders', 'users', 'sessions', 'inventory', 'events', 'feature-flags']), regional('dynamodb', 'table')),
    names: 'DescribeTable GetItem Query PutItem ListTables DescribeContinuousBackups DescribeTimeToLive ListTagsOfResource UpdateTable CreateBackup DescribeGlobalTable TagResource UpdateTimeToLive CreateTable DeleteTable',
    dataEvents: 'GetItem Query PutItem' },
  { prefix: 'ssm', dialect: 'json',
    resource: res('name', 'AWS::SSM::Parameter', (r) => `/${r.pick(NAMES)}/${r.pick(['db', 'api', 'feature'])}/${r.pick(['url', 'password', 'flag', 'token'])}`, regional('ssm', 'parameter', '')),
    names: 'UpdateInstanceInformation GetParameter GetParameters GetParametersByPath DescribeInstanceInformation ListAssociations ListCommands GetCommandInvocation DescribeParameters SendCommand StartSession TerminateSession ResumeSession PutParameter DeleteParameter' },
  { prefix: 'ecr', dialect: 'json', listsResources: true,
    resource: res('repositoryName', 'AWS::ECR::Repository', (r) => `${r.pick(NAMES)}/${r.pick(['app', 'sidecar', 'migrations'])}`, regional('ecr', 'repository')),
    names: 'GetAuthorizationToken BatchGetImage GetDownloadUrlForLayer BatchCheckLayerAvailability DescribeRepositories DescribeImages ListImages InitiateLayerUpload CompleteLayerUpload PutImage CreateRepository DeleteRepository' },
  { prefix: 'secretsmanager', dialect: 'json',
    resource: res('secretId', 'AWS::SecretsManager::Secret', (r) => `${r.pick(NAMES)}/${r.pick(['db', 'api-key', 'oauth'])}`, regional('secretsmanager', 'secret', ':')),
    names: 'GetSecretValue DescribeSecret ListSecrets GetResourcePolicy BatchGetSecretValue PutSecretValue UpdateSecret RotateSecret CreateSecret DeleteSecret' },
  { prefix: 'ecs', dialect: 'json',
    resource: res('cluster', 'AWS::ECS::Cluster', (r) => r.pick(NAMES), regional('ecs', 'cluster')),
    names: 'DiscoverPollEndpoint SubmitTaskStateChange DescribeServices DescribeTasks ListTasks ListServices DescribeClusters DescribeTaskDefinition ListClusters RunTask UpdateService StopTask RegisterTaskDefinition CreateService DeleteService' },
  { prefix: 'sqs', dialect: 'query',
    resource: res('queueUrl', 'AWS::SQS::Queue', (r, c) => `https://sqs.${c.region}.amazonaws.com/${c.account}/${r.pick(NAMES)}-queue`, (v, c) => `arn:aws:sqs:${c.region}:${c.account}:${v.slice(v.lastIndexOf('/') + 1)}`),
    names: 'GetQueueAttributes ListQueues GetQueueUrl ListQueueTags SetQueueAttributes CreateQueue PurgeQueue DeleteQueue' },
  { prefix: 'sns', dialect: 'query',
    resource: res('topicArn', 'AWS::SNS::Topic', (r, c) => `arn:aws:sns:${c.region}:${c.account}:${r.pick(NAMES)}-alerts`, (v) => v),
    names: 'Publish GetTopicAttributes ListTopics ListSubscriptionsByTopic Subscribe SetTopicAttributes Unsubscribe CreateTopic DeleteTopic',
    dataEvents: 'Publish' },
  { prefix: 'cloudtrail', dialect: 'json', listsResources: true,
    resource: res('name', 'AWS::CloudTrail::Trail', (r) => r.pick(['org-trail', 'management-events', 'data-events']), regional('cloudtrail', 'trail')),
    names: 'LookupEvents DescribeTrails GetTrailStatus GetEventSelectors ListTrails GetTrail PutEventSelectors UpdateTrail CreateTrail StartLogging StopLogging DeleteTrail' },
  { prefix: 'eks', dialect: 'json',
    resource: res('name', 'AWS::EKS::Cluster', (r) => r.pick(['prod', 'staging', 'ml']), regional('eks', 'cluster')),
    names: 'DescribeCluster ListClusters AccessKubernetesApi DescribeNodegroup ListNodegroups DescribeAddon UpdateClusterConfig CreateNodegroup CreateCluster DeleteCluster' },
  { prefix: 'rds', dialect: 'query',
    resource: res('dBInstanceIdentifier', 'AWS::RDS::DBInstance', (r) => `${r.pick(NAMES)}-db-${r.int(1, 3)}`, regional('rds', 'db', ':')),
    names: 'DescribeDBInstances DescribeDBClusters DescribeEvents DescribeDBSnapshots DescribeDBParameterGroups ModifyDBInstance CreateDBSnapshot RebootDBInstance StopDBInstance StartDBInstance ModifyDBSnapshotAttribute CreateDBInstance DeleteDBInstance' },
  { prefix: 'cloudformation', dialect: 'query',
    resource: res('stackName', 'AWS::CloudFormation::Stack', (r) => `${r.pick(NAMES)}-stack`, regional('cloudformation', 'stack')),
    names: 'DescribeStacks ListStacks DescribeStackEvents DescribeStackResources GetTemplate ListExports ValidateTemplate DescribeChangeSet CreateChangeSet ExecuteChangeSet UpdateStack CreateStack DeleteStack' },
  { prefix: 'autoscaling', dialect: 'query',
    resource: res('autoScalingGroupName', 'AWS::AutoScaling::AutoScalingGroup', (r) => `${r.pick(NAMES)}-asg`, regional('autoscaling', 'autoScalingGroup', ':')),
    names: 'DescribeAutoScalingGroups DescribeScalingActivities DescribeLaunchConfigurations DescribePolicies SetDesiredCapacity UpdateAutoScalingGroup CreateAutoScalingGroup DeleteAutoScalingGroup' },
  { prefix: 'elasticloadbalancing', dialect: 'query',
    resource: res('loadBalancerArn', 'AWS::ElasticLoadBalancingV2::LoadBalancer', (r, c) => `arn:aws:elasticloadbalancing:${c.region}:${c.account}:loadbalancer/app/${r.pick(NAMES)}/${r.hex(16)}`, (v) => v),
    names: 'DescribeTargetHealth DescribeLoadBalancers DescribeTargetGroups DescribeListeners DescribeRules RegisterTargets DeregisterTargets ModifyLoadBalancerAttributes CreateLoadBalancer DeleteLoadBalancer' },
  { prefix: 'guardduty', dialect: 'json',
    resource: res('detectorId', 'AWS::GuardDuty::Detector', (r, c) => c.account.slice(0, 8) + 'e5f6a7b8c9d0e1f2a3b4c5d6', regional('guardduty', 'detector')),
    names: 'ListDetectors GetDetector ListFindings GetFindings ArchiveFindings UpdateDetector CreateIPSet CreateDetector DeleteDetector' },
  { prefix: 'config', dialect: 'json',
    resource: res('configRuleName', 'AWS::Config::ConfigRule', (r) => r.pick(['s3-bucket-public-read-prohibited', 'iam-root-access-key-check', 'encrypted-volumes', 'restricted-ssh']), regional('config', 'config-rule')),
    names: 'PutEvaluations DescribeConfigRules DescribeConfigurationRecorders DescribeComplianceByConfigRule GetComplianceDetailsByConfigRule DescribeDeliveryChannels PutConfigRule StopConfigurationRecorder DeleteDeliveryChannel' },
  { prefix: 'securityhub', dialect: 'json',
    resource: res('HubArn', 'AWS::SecurityHub::Hub', (_r, c) => `arn:aws:securityhub:${c.region}:${c.account}:hub/default`, (v) => v),
    names: 'BatchImportFindings GetFindings BatchUpdateFindings DescribeHub GetEnabledStandards EnableSecurityHub DisableSecurityHub' },
  { prefix: 'route53', global: true, dialect: 'query',
    resource: res('hostedZoneId', 'AWS::Route53::HostedZone', (r) => 'Z0' + r.upper(12), (v) => `arn:aws:route53:::hostedzone/${v}`),
    names: 'ListHostedZones ListResourceRecordSets GetHostedZone GetChange ListHealthChecks ChangeResourceRecordSets CreateHostedZone DeleteHostedZone' },
  { prefix: 'signin', global: true, dialect: 'query',
    resource: res('userName', 'AWS::IAM::User', (r) => r.pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']), (v, c) => `arn:aws:iam::${c.account}:user/${v}`),
    names: 'ConsoleLogin CheckMfa SwitchRole GetSigninToken ExitRole CredentialChallenge CredentialVerification UserAuthentication' },
  { prefix: 'sso', dialect: 'json',
    resource: res('roleName', 'AWS::SSO::PermissionSet', (r) => r.pick(['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess']), (v, c) => `arn:aws:sso:::permissionSet/ssoins-${c.account.slice(0, 8)}/${v}`),
    names: 'GetRoleCredentials ListAccountRoles ListApplications Federate Authenticate CreateAccountAssignment ProvisionPermissionSet CreatePermissionSet' },
  { prefix: 'athena', dialect: 'json',
    resource: res('workGroup', 'AWS::Athena::WorkGroup', (r) => r.pick(['primary', 'analysts', 'etl']), regional('athena', 'workgroup')),
    names: 'GetQueryExecution StartQueryExecution GetQueryResults ListWorkGroups GetWorkGroup ListQueryExecutions StopQueryExecution' },
  { prefix: 'glue', dialect: 'json',
    resource: res('databaseName', 'AWS::Glue::Database', (r) => r.pick(['raw', 'curated', 'cloudtrail_logs']), regional('glue', 'database')),
    names: 'GetTable GetPartitions GetTables GetDatabase GetDatabases GetJobRuns GetCrawler BatchCreatePartition StartCrawler StartJobRun UpdateTable CreateTable' },
  { prefix: 'kinesis', dialect: 'json',
    resource: res('streamName', 'AWS::Kinesis::Stream', (r) => `${r.pick(NAMES)}-stream`, regional('kinesis', 'stream')),
    names: 'DescribeStream ListStreams PutRecord GetRecords CreateStream DeleteStream', dataEvents: 'PutRecord GetRecords' },
  { prefix: 'firehose', dialect: 'json',
    resource: res('deliveryStreamName', 'AWS::KinesisFirehose::DeliveryStream', (r) => `${r.pick(NAMES)}-to-s3`, regional('firehose', 'deliverystream')),
    names: 'DescribeDeliveryStream ListDeliveryStreams PutRecordBatch CreateDeliveryStream' },
  { prefix: 'states', dialect: 'json',
    resource: res('stateMachineArn', 'AWS::StepFunctions::StateMachine', (r, c) => `arn:aws:states:${c.region}:${c.account}:stateMachine:${r.pick(NAMES)}-flow`, (v) => v),
    names: 'StartExecution DescribeExecution ListStateMachines DescribeStateMachine StopExecution CreateStateMachine' },
  { prefix: 'apigateway', dialect: 'json',
    resource: res('restApiId', 'AWS::ApiGateway::RestApi', (r) => r.pick(['a1b2c3d4e5', 'f6g7h8i9j0', 'k1l2m3n4o5']), (v, c) => `arn:aws:apigateway:${c.region}::/restapis/${v}`),
    names: 'GetRestApis GetResources GetStages GetApiKeys CreateDeployment UpdateStage CreateRestApi DeleteRestApi' },
  { prefix: 'organizations', global: true, dialect: 'json',
    resource: res('accountId', 'AWS::Organizations::Account', (_r, c) => c.account, (v) => `arn:aws:organizations::${v}:account/o-a1b2c3d4e5/${v}`),
    names: 'DescribeOrganization ListAccounts DescribeAccount ListRoots ListPoliciesForTarget AttachPolicy CreateAccount LeaveOrganization' },
  { prefix: 'cloudfront', global: true, dialect: 'query',
    resource: res('id', 'AWS::CloudFront::Distribution', (r) => 'E' + r.upper(13), (v, c) => `arn:aws:cloudfront::${c.account}:distribution/${v}`),
    names: 'ListDistributions GetDistribution GetDistributionConfig CreateInvalidation UpdateDistribution CreateDistribution' },
  { prefix: 'bedrock', dialect: 'json', listsResources: true,
    resource: res('modelId', 'AWS::Bedrock::Model', (r) => r.pick(['anthropic.claude-3-haiku-20240307-v1:0', 'amazon.titan-embed-text-v2:0', 'meta.llama3-8b-instruct-v1:0']), (v, c) => `arn:aws:bedrock:${c.region}::foundation-model/${v}`),
    names: 'InvokeModel ListFoundationModels GetFoundationModel InvokeModelWithResponseStream GetModelInvocationLoggingConfiguration' },
  { prefix: 'acm', dialect: 'json',
    resource: res('certificateArn', 'AWS::ACM::Certificate', (r, c) => `arn:aws:acm:${c.region}:${c.account}:certificate/${r.pick(['0a1b2c3d', '4e5f6a7b'])}-1111-4222-8333-${c.account}`, (v) => v),
    names: 'DescribeCertificate ListCertificates RequestCertificate DeleteCertificate' },
  { prefix: 'elasticfilesystem', dialect: 'json',
    resource: res('fileSystemId', 'AWS::EFS::FileSystem', (r) => `fs-${r.hex(8)}`, regional('elasticfilesystem', 'file-system')),
    names: 'DescribeFileSystems DescribeMountTargets CreateFileSystem DeleteFileSystem' },
  { prefix: 'backup', dialect: 'json',
    resource: res('backupVaultName', 'AWS::Backup::BackupVault', (r) => r.pick(['Default', 'prod-vault']), regional('backup', 'backup-vault', ':')),
    names: 'ListBackupJobs ListBackupPlans DescribeBackupVault StartBackupJob' },
  { prefix: 'health', dialect: 'json',
    resource: res('eventArn', 'AWS::Health::Event', (r) => `arn:aws:health:us-east-1::event/EC2/AWS_EC2_OPERATIONAL_ISSUE/${r.hex(12)}`, (v) => v),
    names: 'DescribeEventAggregates DescribeEvents DescribeEventDetails' },
  { prefix: 'ce', dialect: 'json',
    resource: res('granularity', 'AWS::CE::Report', (r) => r.pick(['DAILY', 'MONTHLY']), (_v, c) => `arn:aws:ce::${c.account}:report/default`),
    names: 'GetCostAndUsage GetCostForecast GetDimensionValues' },
  { prefix: 'tagging', dialect: 'json',
    resource: res('resourceType', 'AWS::ResourceGroupsTaggingAPI::Resource', (r) => r.pick(['ec2:instance', 's3:bucket', 'lambda:function']), (_v, c) => `arn:aws:tagging:${c.region}:${c.account}:resources`),
    names: 'GetResources GetTagKeys GetTagValues' },
];
