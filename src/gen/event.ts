// One generated CloudTrail record, with its fields in the order CloudTrail
// writes them: who (identity.ts), what (the catalogue kind and its templates),
// from where (addresses, user agents, tlsDetails), and how it ended (~5% errors,
// console sign-ins that succeed or fail, with or without MFA).

import { formatEventTime } from '../model/time.js';
import { AGENTS, type EventKind } from './catalog.js';
import { assumedRole, awsService, callerIdentity, humanUser, iamUser, identityCenterUser, rootIdentity, samlUser, webIdentityUser, type Identity, type Principals } from './identity.js';
import type { Rng } from './rng.js';
import type { Ctx } from './services.js';
import { errorFor, requestFor, responseFor } from './templates.js';

export interface Addresses { readonly office: readonly string[]; readonly public: readonly string[]; readonly attackers: readonly string[] }

export const ERROR_RATE = 0.05;
const CONSOLE_FAILURE_RATE = 0.1;
const TLS = [
  { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' },
  { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_256_GCM_SHA384' },
  { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256' },
];

function identityFor(r: Rng, kind: EventKind, p: Principals, time: number): Identity {
  switch (kind.name) {
    case 'AssumeRoleWithSAML': return samlUser(r);
    case 'AssumeRoleWithWebIdentity': return webIdentityUser(r);
    case 'AssumeRole': return r.bool(0.4) ? awsService(r) : callerIdentity(r, p, time);
    default: return kind.service.prefix === 'sso' ? identityCenterUser(r, p) : callerIdentity(r, p, time);
  }
}

const isHuman = (ui: Identity) => ui.type === 'Root' || ui.type === 'IdentityCenterUser' ||
  (ui.type === 'IAMUser' && !String(ui.userName).includes('-')) || (ui.type === 'AssumedRole' && /AWSReservedSSO|AdminRole/.test(String(ui.arn)));

/** Sign-in events: ConsoleLogin and friends, by people, some failing, with or without MFA. */
function signIn(r: Rng, kind: EventKind, p: Principals, addr: Addresses, time: number, c: Ctx): Record<string, unknown> {
  const x = r.next();
  const user = humanUser(r, p);
  const root = x < 0.12;
  const failed = kind.name === 'ConsoleLogin' && r.bool(CONSOLE_FAILURE_RATE);
  const ui = root ? rootIdentity(p, false) : x < 0.25 ? assumedRole(r, p, time, p.roles.find((q) => q.name.startsWith('AWSReservedSSO'))) : iamUser(p, user, false);
  const mfa = !failed && r.bool(root ? 0.5 : 0.6);
  const e: Record<string, unknown> = {
    eventVersion: '1.09', userIdentity: ui, eventTime: formatEventTime(time), eventSource: kind.source, eventName: kind.name, awsRegion: c.region,
    sourceIPAddress: failed && r.bool(0.7) ? r.pick(addr.attackers) : r.pick(r.bool(0.7) ? addr.office : addr.public),
    userAgent: r.pick(AGENTS.browsers),
  };
  if (failed) e.errorMessage = r.bool(0.8) ? 'Failed authentication' : 'No username found in supplied account';
  e.requestParameters = null;
  e.responseElements = { [kind.name]: failed ? 'Failure' : 'Success' };
  if (kind.name === 'ConsoleLogin') {
    const ad: Record<string, unknown> = { LoginTo: 'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_' + r.hex(16), MobileVersion: 'No', MFAUsed: mfa ? 'Yes' : 'No' };
    if (mfa) { ad.MFAIdentifier = `arn:aws:iam::${p.account}:mfa/${root ? 'root-account-mfa-device' : user.name}`; ad.MFAType = r.pick(['Virtual MFA device', 'U2F MFA']); }
    e.additionalEventData = ad;
  }
  e.eventID = r.uuid();
  e.readOnly = false;
  e.eventType = 'AwsConsoleSignIn';
  e.managementEvent = true;
  e.recipientAccountId = p.account;
  e.eventCategory = 'Management';
  if (!failed) e.tlsDetails = { ...TLS[0], clientProvidedHostHeader: `${c.region}.signin.aws.amazon.com` };
  return e;
}

export function makeEvent(r: Rng, kind: EventKind, c: Ctx, p: Principals, addr: Addresses, time: number): Record<string, unknown> {
  if (kind.service.prefix === 'signin') return signIn(r, kind, p, addr, time, c);
  const svc = kind.service;
  const ui = identityFor(r, kind, p, time);
  const service = ui.type === 'AWSService';
  const human = !service && isHuman(ui);
  const viaConsole = human && r.bool(0.5);
  const agent = service ? (ui.invokedBy as string) : viaConsole ? r.pick(AGENTS.console) : r.pick(AGENTS.sdk);
  const v = svc.resource.value(r, c);
  const arn = svc.resource.arn(v, c);
  const e: Record<string, unknown> = {
    eventVersion: kind.data ? '1.10' : svc.prefix.length % 3 === 0 ? '1.08' : '1.09',
    userIdentity: ui,
    eventTime: formatEventTime(time),
    eventSource: kind.source,
    eventName: kind.name,
    awsRegion: c.region,
    sourceIPAddress: service ? agent : r.pick(human || r.bool(0.6) ? addr.office : addr.public),
    userAgent: agent,
  };
  const failed = r.bool(ERROR_RATE);
  if (failed) {
    const err = errorFor(svc, kind.name, r, typeof ui.arn === 'string' ? ui.arn : `arn:aws:iam::${p.account}:root`, arn);
    e.errorCode = err.code;
    if (err.message !== null) e.errorMessage = err.message;
  }
  const request = requestFor(svc, kind.name, kind.verb, v, r, c);
  e.requestParameters = request;
  e.responseElements = failed ? null : responseFor(svc, kind.name, kind.verb, v, r, c, arn);
  const s3Object = svc.prefix === 's3' && kind.data;
  if (s3Object) {
    const bytes = kind.name === 'PutObject' || kind.name === 'UploadPart' ? r.int(200, 8_000_000) : 0;
    e.additionalEventData = { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: bytes, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': r.b64(76), bytesTransferredOut: bytes ? 0 : r.int(100, 50_000_000) };
  }
  e.requestID = s3Object || svc.prefix === 's3' ? r.hex(16).toUpperCase() : r.uuid();
  e.eventID = r.uuid();
  e.readOnly = kind.readOnly;
  if (svc.listsResources) {
    const key = s3Object ? (request as { key?: string }).key : undefined;
    e.resources = key
      ? [{ type: 'AWS::S3::Object', ARN: `${arn}/${key}` }, { accountId: p.account, type: svc.resource.type, ARN: arn }]
      : [{ accountId: p.account, type: svc.resource.type, ARN: arn }];
  }
  e.eventType = 'AwsApiCall';
  if (svc.prefix === 'lambda' || svc.prefix === 'route53') e.apiVersion = svc.prefix === 'lambda' ? '2015-03-31' : '2013-04-01';
  e.managementEvent = !kind.data;
  e.recipientAccountId = p.account;
  if (ui.type === 'AWSAccount') e.sharedEventID = r.uuid();
  if (kind.data && ui.type === 'AssumedRole' && r.bool(0.25)) {
    e.vpcEndpointId = `vpce-0${r.hex(16)}`;
    e.vpcEndpointAccountId = p.account;
  }
  e.eventCategory = kind.data ? 'Data' : 'Management';
  if (ui.type === 'AssumedRole' && viaConsole) e.sessionCredentialFromConsole = 'true';
  if (!service) {
    const host = s3Object ? `${v}.s3.${c.region}.amazonaws.com` : kind.global ? `${svc.prefix}.amazonaws.com` : `${svc.prefix}.${c.region}.amazonaws.com`;
    e.tlsDetails = { ...r.pick(TLS), clientProvidedHostHeader: host };
  }
  return e;
}
