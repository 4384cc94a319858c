// The benchmark's query suite, each query written once for traillake
// (CloudTrail Lake SQL, `FROM <store>`) and once for DuckDB (over the view `ct`
// on its hive-partitioned Parquet), and how to check that both answer the same:
// the rows in order (queries with a total ORDER BY), the rows as multisets, or
// only the row count (`SELECT *` without order: any 100 rows are right).
//
// `needle` queries select a small slice (an eventName, an eventTime window) that
// pruning should find without reading the rest; `scan` queries read everything.

export interface BenchQuery {
  readonly id: string;
  readonly kind: 'needle' | 'scan';
  readonly title: string;
  readonly traillake: string;
  readonly duckdb: string;
  readonly check: 'ordered' | 'multiset' | 'count';
}

const DAY = 86_400_000;
const ts = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The suite for an archive whose events start at `startMs` (the window is on its third day). */
export function querySuite(store: string, startMs: number): BenchQuery[] {
  const day = startMs + 2 * DAY;
  const w0 = ts(day + 10 * 3_600_000), w1 = ts(day + 12 * 3_600_000);
  const d0 = ts(day), d1 = ts(day + DAY);
  const q = (id: string, kind: BenchQuery['kind'], title: string, check: BenchQuery['check'], tl: string, duck = tl.replaceAll('$T', 'ct')) =>
    ({ id, kind, title, check, traillake: tl.replaceAll('$T', store), duckdb: duck });
  return [
    q('needle-window', 'needle', 'needle: eventName + 2-hour eventTime window', 'ordered',
      `SELECT eventTime, eventName, userIdentity.arn, sourceIPAddress, eventID FROM $T WHERE eventName = 'PutRolePolicy' AND eventTime >= '${w0}' AND eventTime < '${w1}' ORDER BY eventTime, eventID`),
    q('athena-iam-changes', 'needle', 'Athena: IAM change summary, one day', 'ordered',
      `SELECT eventTime, userIdentity.arn, userIdentity.userName, eventName, requestParameters, eventID FROM $T WHERE eventSource = 'iam.amazonaws.com' AND eventName NOT LIKE 'Get%' AND eventName NOT LIKE 'List%' AND eventName NOT LIKE 'Describe%' AND errorCode IS NULL AND eventTime >= '${d0}' AND eventTime < '${d1}' ORDER BY eventTime, eventID`),
    q('athena-access-keys', 'needle', 'Athena: access keys created', 'ordered',
      `SELECT eventTime, userIdentity.arn, eventName, json_extract_scalar(json_extract(responseElements, '$.accessKey'), '$.userName') AS keyUser, json_extract_scalar(json_extract(responseElements, '$.accessKey'), '$.accessKeyId') AS accessKey, eventID FROM $T WHERE eventName = 'CreateAccessKey' AND errorCode IS NULL ORDER BY eventTime, eventID`,
      `SELECT eventTime, userIdentity.arn, eventName, json_extract_string(responseElements, '$.accessKey.userName') AS keyUser, json_extract_string(responseElements, '$.accessKey.accessKeyId') AS accessKey, eventID FROM ct WHERE eventName = 'CreateAccessKey' AND errorCode IS NULL ORDER BY eventTime, eventID`),
    q('console-failures', 'needle', 'top IPs of failed console logins', 'ordered',
      `SELECT sourceIPAddress, count(*) AS failures FROM $T WHERE eventName = 'ConsoleLogin' AND errorMessage = 'Failed authentication' GROUP BY sourceIPAddress ORDER BY failures DESC, sourceIPAddress LIMIT 20`),
    q('group-source-name', 'scan', 'GROUP BY eventSource, eventName', 'ordered',
      `SELECT eventSource, eventName, count(*) AS n FROM $T GROUP BY eventSource, eventName ORDER BY n DESC, eventSource, eventName`),
    q('distinct-arn-region', 'scan', 'COUNT(DISTINCT userIdentity.arn) per region', 'ordered',
      `SELECT awsRegion, count(DISTINCT userIdentity.arn) AS principals FROM $T GROUP BY awsRegion ORDER BY awsRegion`),
    q('hourly', 'scan', 'hourly histogram', 'ordered',
      `SELECT date_trunc('hour', eventTime) AS hour, count(*) AS n FROM $T GROUP BY date_trunc('hour', eventTime) ORDER BY hour`),
    q('like-useragent', 'scan', 'LIKE scan on userAgent', 'multiset',
      `SELECT count(*) AS n, count(DISTINCT userAgent) AS agents FROM $T WHERE userAgent LIKE '%Terraform%'`),
    q('errors', 'scan', 'errorCode IS NOT NULL, grouped', 'ordered',
      `SELECT eventSource, errorCode, count(*) AS n FROM $T WHERE errorCode IS NOT NULL GROUP BY eventSource, errorCode ORDER BY n DESC, eventSource, errorCode`),
    q('select-star', 'scan', 'SELECT * LIMIT 100', 'count',
      `SELECT * FROM $T LIMIT 100`),
    q('latest-100', 'scan', 'ORDER BY eventTime DESC LIMIT 100', 'ordered',
      `SELECT eventTime, eventSource, eventName, awsRegion, eventID FROM $T ORDER BY eventTime DESC, eventID DESC LIMIT 100`),
    q('count', 'scan', 'COUNT(*)', 'ordered', `SELECT count(*) AS n FROM $T`),
  ];
}

/** The three queries timed as cold processes. */
export const COLD_QUERIES: readonly string[] = ['needle-window', 'group-source-name', 'latest-100'];

type Row = readonly unknown[];
const norm = (x: unknown): unknown =>
  typeof x === 'bigint' ? Number(x) : x instanceof Date ? x.getTime() : typeof x === 'object' && x !== null ? JSON.stringify(x) : x === undefined ? null : x;
const key = (r: Row) => JSON.stringify(r.map(norm));

/** Null if both engines gave the same answer, else what differs. */
export function compareAnswers(q: BenchQuery, ours: readonly Row[], theirs: readonly Row[]): string | null {
  if (ours.length !== theirs.length) return `${ours.length} rows vs DuckDB's ${theirs.length}`;
  if (q.check === 'count') return null;
  const a = ours.map(key), b = theirs.map(key);
  if (q.check === 'multiset') {
    a.sort();
    b.sort();
  }
  const i = a.findIndex((x, j) => x !== b[j]);
  return i < 0 ? null : `row ${i}: ${a[i]} vs DuckDB's ${b[i]}`;
}
