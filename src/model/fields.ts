// The CloudTrail record as traillake stores it: the tree of known fields and
// their storage types, and the flat list of leaf columns derived from it.
// Everything else in a record (unknown fields, explicit nulls, values of an
// unexpected type) goes to the `_extra` residual column, so storage is lossless.

/** How a known leaf is stored. */
export type LeafType = 'string' | 'boolean' | 'timestamp' | 'json';

export interface LeafField {
  readonly kind: 'leaf';
  readonly name: string;
  readonly type: LeafType;
}

export interface GroupField {
  readonly kind: 'group';
  readonly name: string;
  readonly children: readonly Field[];
}

export type Field = LeafField | GroupField;

const str = (name: string): LeafField => ({ kind: 'leaf', name, type: 'string' });
const bool = (name: string): LeafField => ({ kind: 'leaf', name, type: 'boolean' });
const json = (name: string): LeafField => ({ kind: 'leaf', name, type: 'json' });
const group = (name: string, children: Field[]): GroupField => ({ kind: 'group', name, children });

/** Name of the column holding the residual JSON of each record. */
export const EXTRA_COLUMN = '_extra';
/** True where the record had no eventID and traillake derived one from its content. */
export const DERIVED_ID_COLUMN = '_eventIDDerived';
/** Columns of ours, not of the record: a record's own field of that name goes to the residual. */
export const INTERNAL_COLUMNS: ReadonlySet<string> = new Set([EXTRA_COLUMN, DERIVED_ID_COLUMN]);

/**
 * Known fields of CloudTrail records, eventVersion 1.0 to 1.11, in the order
 * CloudTrail writes them. Struct fields follow the record contents reference.
 */
export const RECORD_FIELDS: readonly Field[] = [
  str('eventVersion'),
  group('userIdentity', [
    str('type'),
    str('principalId'),
    str('arn'),
    str('accountId'),
    str('accessKeyId'),
    str('userName'),
    str('invokedBy'),
    str('identityProvider'),
    str('credentialId'),
    group('sessionContext', [
      group('sessionIssuer', [str('type'), str('principalId'), str('arn'), str('accountId'), str('userName')]),
      group('webIdFederationData', [str('federatedProvider'), json('attributes')]),
      group('attributes', [str('creationDate'), str('mfaAuthenticated')]),
      str('sourceIdentity'),
      str('ec2RoleDelivery'),
      str('assumedRoot'),
    ]),
    group('onBehalfOf', [str('userId'), str('identityStoreArn')]),
    group('inScopeOf', [str('issuerType'), str('credentialsIssuedTo'), str('issuerAccountId')]),
  ]),
  { kind: 'leaf', name: 'eventTime', type: 'timestamp' },
  str('eventSource'),
  str('eventName'),
  str('awsRegion'),
  str('sourceIPAddress'),
  str('userAgent'),
  str('errorCode'),
  str('errorMessage'),
  json('requestParameters'),
  json('responseElements'),
  json('additionalEventData'),
  str('requestID'),
  str('eventID'),
  bool('readOnly'),
  json('resources'),
  str('eventType'),
  str('apiVersion'),
  bool('managementEvent'),
  str('recipientAccountId'),
  str('sharedEventID'),
  json('serviceEventDetails'),
  str('vpcEndpointId'),
  str('vpcEndpointAccountId'),
  str('eventCategory'),
  json('addendum'),
  str('sessionCredentialFromConsole'),
  json('edgeDeviceDetails'),
  group('tlsDetails', [str('tlsVersion'), str('cipherSuite'), str('clientProvidedHostHeader')]),
  json('insightDetails'),
  json('eventContext'),
  json(EXTRA_COLUMN),
  bool(DERIVED_ID_COLUMN),
];

/** A stored leaf column. `ancestors` are the indexes of its enclosing groups, outermost first. */
export interface Column {
  readonly index: number;
  readonly path: readonly string[];
  /** Dotted path, e.g. `userIdentity.sessionContext.sessionIssuer.arn`. */
  readonly name: string;
  readonly type: LeafType;
  readonly ancestors: readonly number[];
  /** A string column whose batches hold each distinct value once (model/intern.ts). */
  readonly interned: boolean;
}

/**
 * String columns whose values are (nearly) all distinct, kept row by row rather
 * than interned. Distinct share of values per parse batch of the 1M generated
 * archive: eventID, requestID, sharedEventID, credentialId 1.0, errorMessage
 * 0.75; the highest of the others, userIdentity.accessKeyId, 0.30.
 */
const UNIQUE_STRINGS: ReadonlySet<string> = new Set(['eventID', 'requestID', 'sharedEventID', 'errorMessage', 'userIdentity.credentialId']);

/** A struct column (Parquet group). Present in a row iff any leaf beneath it is non-null. */
export interface Group {
  readonly index: number;
  readonly path: readonly string[];
  readonly leaves: readonly number[];
}

function flatten(): { columns: Column[]; groups: Group[] } {
  const columns: Column[] = [];
  const groups: Group[] = [];
  const visit = (fields: readonly Field[], path: string[], ancestors: number[]): number[] => {
    const leaves: number[] = [];
    for (const f of fields) {
      const p = [...path, f.name];
      switch (f.kind) {
        case 'leaf': {
          const index = columns.length;
          const name = p.join('.');
          columns.push({ index, path: p, name, type: f.type, ancestors, interned: f.type === 'string' && !UNIQUE_STRINGS.has(name) });
          leaves.push(index);
          break;
        }
        case 'group': {
          const gi = groups.length;
          const leavesOfGroup: number[] = [];
          groups.push({ index: gi, path: p, leaves: leavesOfGroup });
          leavesOfGroup.push(...visit(f.children, p, [...ancestors, gi]));
          leaves.push(...leavesOfGroup);
          break;
        }
        default:
          f satisfies never;
      }
    }
    return leaves;
  };
  visit(RECORD_FIELDS, [], []);
  return { columns, groups };
}

const flat = flatten();
export const COLUMNS: readonly Column[] = flat.columns;
export const GROUPS: readonly Group[] = flat.groups;

export function columnIndex(name: string): number {
  const c = COLUMNS.find((col) => col.name === name);
  if (!c) throw new Error(`unknown column ${name}`);
  return c.index;
}

export const COL = {
  eventTime: columnIndex('eventTime'),
  eventName: columnIndex('eventName'),
  eventSource: columnIndex('eventSource'),
  awsRegion: columnIndex('awsRegion'),
  eventID: columnIndex('eventID'),
  extra: columnIndex(EXTRA_COLUMN),
  derivedId: columnIndex(DERIVED_ID_COLUMN),
} as const;
