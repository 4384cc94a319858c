// `traillake verify --store NAME [--start-time ISO] [--end-time ISO] [--verbose]`
// and `traillake key export --store NAME`.

import type { Command } from 'commander';
import { fingerprint, loadPublicKey, publicKeyPath, storePublicKeyPem } from '../../store/keys.js';
import { resolveHome, storeDir } from '../../store/layout.js';
import { loadStore } from '../../store/stores.js';
import { verifyStore } from '../../store/verify.js';
import { EXIT, write } from '../io.js';
import { parseTime } from '../time-flag.js';
import { createPublicKey } from 'node:crypto';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a store\'s signed digest chain and every live data file (like aws cloudtrail validate-logs)')
    .requiredOption('-s, --store <name>', 'event data store to verify')
    .option('--start-time <iso>', 'judge digests committed, and data files holding events, from this time')
    .option('--end-time <iso>', '... up to this time')
    .option('--public-key <file>', 'PEM public key to check signatures with (default: the store\'s, from the home)')
    .option('-v, --verbose', 'print a line for valid items too')
    .addHelpText('after', `
Prints one line per INVALID item, with one of the reasons
  hash value doesn't match | not found | signature verification failed | chain broken
then "N/N digest files valid, N/N data files valid".

Exit codes: 0 everything valid, 1 usage error, 4 something is INVALID.

Examples:
  traillake verify --store prod
  traillake verify --store prod --start-time 2024-07-01T00:00:00Z --verbose
  traillake key export --store prod > prod.pub.pem && traillake verify --store prod --public-key prod.pub.pem`)
    .action(async (o: { store: string; startTime?: string; endTime?: string; publicKey?: string; verbose?: boolean }, cmd: Command) => {
      const home = resolveHome(cmd.optsWithGlobals().home);
      const m = loadStore(home, o.store);
      const start = parseTime('--start-time', o.startTime), end = parseTime('--end-time', o.endTime);
      const key = loadPublicKey(o.publicKey ?? publicKeyPath(home, m.store.id));
      const r = verifyStore(storeDir(home, o.store), m, key, { start, end });
      const iso = (t: number | undefined, dflt: string) => (t === undefined ? dflt : new Date(t).toISOString());
      const out: string[] = [
        `Validating digests and data files for store ${m.store.name} (${m.store.id}) between ${iso(start, m.store.createdAt)} and ${iso(end, new Date().toISOString())}`,
        '',
      ];
      for (const i of r.items) {
        if (i.invalid) out.push(`${i.kind} ${i.path} INVALID: ${i.invalid}`);
        else if (o.verbose) out.push(`${i.kind} ${i.path} valid`);
      }
      if (r.items.some((i) => i.invalid) || o.verbose) out.push('');
      if (r.predating > 0) out.push(`Commits 0-${r.predating - 1} predate integrity digests (made by an older traillake): the chain starts at ${r.predating}`);
      out.push(`Results requested for ${iso(start, m.store.createdAt)} to ${iso(end, new Date().toISOString())}`);
      out.push(r.found.first ? `Results found for ${r.found.first} to ${r.found.last}:` : 'No digests found in that range:');
      out.push('', `${r.digests.valid}/${r.digests.total} digest files valid, ${r.data.valid}/${r.data.total} data files valid`);
      await write(process.stdout, `${out.join('\n')}\n`);
      process.exitCode = r.ok ? EXIT.ok : EXIT.invalid;
    });

  program
    .command('key')
    .description('the signing keys of stores\' integrity digests')
    .addHelpText('after', '\nExample:\n  traillake key export --store prod > prod.pub.pem')
    .command('export')
    .description('print a store\'s public key (PEM) for auditors, with its SHA-256 fingerprint on stderr')
    .requiredOption('-s, --store <name>', 'event data store')
    .addHelpText('after', '\nExample:\n  traillake key export --store prod > prod.pub.pem')
    .action((o: { store: string }, cmd: Command) => {
      const home = resolveHome(cmd.optsWithGlobals().home);
      const m = loadStore(home, o.store);
      const pem = storePublicKeyPem(home, m.store.id);
      process.stdout.write(pem);
      process.stderr.write(`Ed25519 public key of store ${m.store.name}, SHA-256 fingerprint ${fingerprint(createPublicKey(pem))}\n`);
    });
}
