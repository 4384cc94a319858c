// The installed package's root folder (it holds data/ and, in a checkout,
// dist/bench/), found from this file whether it runs from src/ or dist/src/.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/errors.js';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (dir !== dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'traillake') return dir;
    dir = dirname(dir);
  }
  throw new UserError('cannot find the traillake package folder');
}
