// Parsing ISO time flags (--now, --start-time, --end-time) into epoch ms.

import { UserError } from '../util/errors.js';

export function parseTime(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UserError(`${flag} must be an ISO time such as 2024-07-01T00:00:00Z, got ${value}`);
  return t;
}
