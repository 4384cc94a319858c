// One traillake query in a fresh process, through the engine API with its own
// worker pool, reporting wall time, rows and the process's peak RSS (scan
// workers are threads, so their memory is counted): the benchmark's measure of
// a query's memory.
//
//   node dist/bench/query-process.js HOME SQL   -> JSON {ms, rows, peakRssBytes}

import { runQuery } from '../src/exec/query.js';

const [home, sql] = process.argv.slice(2);
if (!home || !sql) throw new Error('usage: query-process.js HOME SQL');
const t0 = performance.now();
const r = await runQuery(sql, { home });
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, rows: r.rows.length, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
