// The questions `traillake demo` answers: the ones AWS's CloudTrail guides ask
// (the Athena examples, the CloudWatch Logs Insights samples written in SQL,
// and the CIS-benchmark alarms), each as CloudTrail Lake SQL over a store
// named `sample`. The text of each query is what the demo prints.

export interface DemoQuestion {
  readonly title: string;
  readonly sql: string;
}

const STORE = 'sample';

export const DEMO_QUESTIONS: readonly DemoQuestion[] = [
  {
    title: 'Console sign-ins (Athena guide)',
    sql: `SELECT useridentity.username, sourceipaddress, eventtime, additionaleventdata
FROM ${STORE}
WHERE eventname = 'ConsoleLogin'
ORDER BY eventtime`,
  },
  {
    title: 'Top errors (Athena guide)',
    sql: `SELECT count(*) AS totalevents, eventsource, eventname, errorcode, errormessage
FROM ${STORE}
WHERE errorcode IS NOT NULL
GROUP BY eventsource, eventname, errorcode, errormessage
ORDER BY totalevents DESC
LIMIT 10`,
  },
  {
    title: 'Failed console logins by IP, reason, region, ARN and MFA (CloudWatch Logs Insights sample)',
    sql: `SELECT sourceIPAddress, errorMessage, awsRegion, userIdentity.arn,
       element_at(additionalEventData, 'MFAUsed') AS mfaUsed, count(*) AS total
FROM ${STORE}
WHERE eventSource = 'signin.amazonaws.com' AND eventName = 'ConsoleLogin'
  AND element_at(responseElements, 'ConsoleLogin') = 'Failure'
GROUP BY 1, 2, 3, 4, 5
ORDER BY total DESC`,
  },
  {
    title: 'Newly created IAM users, with region, name and ARN (CloudWatch Logs Insights sample)',
    sql: `SELECT eventTime, awsRegion, element_at(requestParameters, 'userName') AS userName,
       json_extract_scalar(responseElements, '$.user.arn') AS userArn, userIdentity.arn AS createdBy
FROM ${STORE}
WHERE eventSource = 'iam.amazonaws.com' AND eventName = 'CreateUser'
ORDER BY eventTime`,
  },
  {
    title: 'Root account usage',
    sql: `SELECT eventTime, eventName, eventSource, sourceIPAddress, awsRegion, errorCode
FROM ${STORE}
WHERE userIdentity.type = 'Root' AND userIdentity.invokedBy IS NULL AND eventType <> 'AwsServiceEvent'
ORDER BY eventTime DESC
LIMIT 20`,
  },
  {
    title: 'Console logins without MFA',
    sql: `SELECT eventTime, userIdentity.arn, sourceIPAddress, element_at(responseElements, 'ConsoleLogin') AS result
FROM ${STORE}
WHERE eventSource = 'signin.amazonaws.com' AND eventName = 'ConsoleLogin'
  AND element_at(additionalEventData, 'MFAUsed') <> 'Yes'
ORDER BY eventTime`,
  },
  {
    title: 'Changes to CloudTrail itself (StopLogging, DeleteTrail, UpdateTrail, ...)',
    sql: `SELECT eventTime, eventName, userIdentity.arn, awsRegion, element_at(requestParameters, 'name') AS trail
FROM ${STORE}
WHERE eventSource = 'cloudtrail.amazonaws.com'
  AND eventName IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'CreateTrail', 'PutEventSelectors')
ORDER BY eventTime`,
  },
  {
    title: 'Security group, network ACL and route table changes (CIS benchmark alarms)',
    sql: `SELECT eventTime, eventName, userIdentity.arn, awsRegion, errorCode
FROM ${STORE}
WHERE eventName IN (
  'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup',
  'CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation',
  'CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation',
  'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable')
ORDER BY eventTime`,
  },
];
