// The public query collections (../shared/corpus/queries) as the corpus tests
// use them: the queries, the ones that do not apply (with the reason), and the
// mapping of their placeholders to a store named `corpus`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, HAVE_CORPUS } from '../helpers.js';

export const DIRS = ['cloudtrail-lake-samples', 'awsdocs-cloudtrail-lake-examples', 'athena-security-analytics-bootstrap', 'invictus-aws-sigma-athena'];

/** Queries that do not apply, with the reason. */
export const OUT_OF_SCOPE: Record<string, string> = {
  'cloudtrail-lake-samples/01.sql': 'AWS Config table (awsconfig, UNNEST, "$path")',
  'cloudtrail-lake-samples/02.sql': 'CREATE EXTERNAL TABLE for AWS Config (DDL, not a query)',
  'cloudtrail-lake-samples/27.sql': 'broken upstream: FROM FROM',
  'cloudtrail-lake-samples/40.sql': 'broken upstream: two queries pasted together ("...\'example: select")',
  'cloudtrail-lake-samples/41.sql': 'reads eventJsonChecksum, a CloudTrail Lake-internal column traillake does not have',
  'cloudtrail-lake-samples/42.sql': 'broken upstream: two queries pasted together',
  'cloudtrail-lake-samples/44.sql': 'broken upstream: "requestParametersORDER BY"',
  'cloudtrail-lake-samples/46.sql': 'broken upstream: two queries pasted together',
  'cloudtrail-lake-samples/49.sql': 'invalid upstream: selects userIdentity.username while grouping by userIdentity.arn',
  'cloudtrail-lake-samples/58.sql': 'AWS Config event data store (eventData, lambdas)',
  'cloudtrail-lake-samples/59.sql': 'AWS Config event data store (eventData, lambdas)',
  'cloudtrail-lake-samples/60.sql': 'AWS Config event data store (eventData, lambdas)',
  'cloudtrail-lake-samples/61.sql': 'AWS Config event data store (eventData, lambdas)',
  'cloudtrail-lake-samples/62.sql': 'AWS Config event data store (eventData, lambdas)',
  'cloudtrail-lake-samples/67.sql': 'broken upstream: "errorMessageORDER BY ... DESCLIMIT"',
  'cloudtrail-lake-samples/69.sql': 'broken upstream: "eventNameORDER BY"',
  'awsdocs-cloudtrail-lake-examples/06.sql': 'a syntax template with [ ] placeholders, not a query',
  'awsdocs-cloudtrail-lake-examples/08.sql': 'reads a column named "map" that CloudTrail events do not have',
  'athena-security-analytics-bootstrap/table-ddl.sql': 'CREATE TABLE DDL',
  'athena-security-analytics-bootstrap/17.sql': 'the IPADDRESS type (CIDR containment)',
  'invictus-aws-sigma-athena/example.ddl': 'DDL',
};


export function queries(): { id: string; sql: string }[] {
  if (!HAVE_CORPUS) return [];
  return DIRS.flatMap((d) => readdirSync(join(CORPUS, 'queries', d)).filter((f) => f.endsWith('.sql')).sort()
    .map((f) => ({ id: `${d}/${f}`, sql: readFileSync(join(CORPUS, 'queries', d, f), 'utf8') })));
}

/** Maps the collections' placeholders to our store. */
export function mapPlaceholders(sql: string): string {
  return sql
    .replace(/\$EDS_ID|<event_data_store_id>|<EDS[ _]?ID>|<event-data-store-ID>|<Event data store Id>|event_data_store_ID|DATABASE\.TABLE|default\.TABLE_NAME/gi, 'corpus')
    .replace(/\beds-ID\b|\b5e2676f8-9fce-46ef-8142-3e36a94e6691\b|\bEDS[123]\b/g, 'corpus')
    .replace(/\bFROM\s+cloudtrail\b/gi, 'FROM corpus')
    .replace(/\$\{date_filter\}/g, '2024-01-01 00:00:00')
    .replace(/;\s*$/, '');
}

/** Every query of the collections, and those that apply. */
export const allQueries = queries();
export const inScopeQueries = allQueries.filter((q) => !OUT_OF_SCOPE[q.id]);
