// The benchmark's results: their shape (written as JSON), the targets of issue 5
// judged against them, the Markdown tables, and the bars of the ratio chart.

import { cpus, release, totalmem } from 'node:os';
import type { Bar } from './svg.js';

export interface Side { readonly traillake: number; readonly duckdb: number }

export interface QueryResult {
  readonly id: string;
  readonly kind: 'needle' | 'scan';
  readonly title: string;
  readonly rows: number;
  /** Null when both engines gave the same answer. */
  readonly mismatch: string | null;
  /** Median of the warm runs, ms. */
  readonly warmMs: Side;
  readonly runs: number;
  /** Untimed runs before them (the answer check included). */
  readonly warmup: number;
}

export interface Results {
  readonly date: string;
  readonly command: string;
  readonly machine: ReturnType<typeof machine>;
  readonly events: number;
  readonly archive: { readonly files: number; readonly sourceGzBytes: number; readonly generateSeconds: number };
  readonly realism: { readonly real: unknown; readonly generated: unknown } | null;
  readonly ingest: { readonly eventsPerSecond: Side; readonly seconds: Side; readonly peakRssBytes: Side; readonly events: Side };
  readonly storage: { readonly bytes: Side; readonly sourceGzBytes: number };
  readonly queries: readonly QueryResult[];
  readonly cold: readonly { readonly id: string; readonly ms: Side }[];
  readonly groupByPeakRssBytes: number;
  readonly targets: readonly Target[];
}

export interface Target { readonly target: string; readonly value: string; readonly met: boolean }

/** The machine; `startLoad` is the 1-minute load average when the run began (the run itself loads both cores). */
export function machine(startLoad: number) {
  const c = cpus();
  return {
    node: process.version, os: `${process.platform} ${release()}`, cpus: c.length, cpu: c[0]?.model ?? 'unknown', memGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: +startLoad.toFixed(2),
    note: startLoad > 0.5 ? `other work was running when the run started (load average ${startLoad.toFixed(2)}): timings are noisy`
      : 'the machine was otherwise idle when the run started; repeated runs still differ by up to ±30% on individual queries',
  };
}

const MiB = 2 ** 20, GiB = 2 ** 30;
const x = (v: number) => `${v.toFixed(2)}×`;
const ratio = (s: Side) => s.traillake / s.duckdb;
const ms = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'));

export function judge(r: Omit<Results, 'targets'>): Target[] {
  const needles = r.queries.filter((q) => q.kind === 'needle'), scans = r.queries.filter((q) => q.kind === 'scan');
  const worst = (qs: readonly QueryResult[]) => qs.reduce((a, q) => (ratio(q.warmMs) > ratio(a.warmMs) ? q : a));
  const wn = worst(needles), ws = worst(scans);
  return [
    { target: 'ingest ≥ 100,000 events/s', value: `${Math.round(r.ingest.eventsPerSecond.traillake).toLocaleString('en-US')} events/s`, met: r.ingest.eventsPerSecond.traillake >= 100_000 },
    { target: 'store ≤ 1.5× DuckDB zstd Parquet', value: x(r.storage.bytes.traillake / r.storage.bytes.duckdb), met: r.storage.bytes.traillake <= 1.5 * r.storage.bytes.duckdb },
    { target: 'store ≤ 0.5× source .json.gz', value: x(r.storage.bytes.traillake / r.storage.sourceGzBytes), met: r.storage.bytes.traillake <= 0.5 * r.storage.sourceGzBytes },
    { target: 'every needle query ≤ 1.0× DuckDB', value: `worst ${wn.id} ${x(ratio(wn.warmMs))}; ${needles.filter((q) => ratio(q.warmMs) <= 1).length}/${needles.length} met`, met: needles.every((q) => ratio(q.warmMs) <= 1) },
    { target: 'every scan query ≤ 3× DuckDB', value: `worst ${ws.id} ${x(ratio(ws.warmMs))}; ${scans.filter((q) => ratio(q.warmMs) <= 3).length}/${scans.length} met`, met: scans.every((q) => ratio(q.warmMs) <= 3) },
    { target: `GROUP BY peak RSS ≤ 1 GiB (at ${r.events.toLocaleString('en-US')} events; the target is for 10M)`, value: `${Math.round(r.groupByPeakRssBytes / MiB)} MiB`, met: r.groupByPeakRssBytes <= GiB },
    { target: 'both engines give the same answers', value: `${r.queries.filter((q) => !q.mismatch).length}/${r.queries.length} agree`, met: r.queries.every((q) => !q.mismatch) },
  ];
}

export function markdown(r: Results): string {
  const L: string[] = [];
  const i = r.ingest, s = r.storage;
  L.push(`${r.events.toLocaleString('en-US')} generated events (${r.archive.files.toLocaleString('en-US')} .json.gz files), ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memGiB} GiB, Node ${r.machine.node}, ${r.date.slice(0, 10)}. ${r.machine.note}.`, '');
  L.push('| measure | traillake | DuckDB | traillake ÷ DuckDB |', '|---|---|---|---|');
  L.push(`| ingest, events/s | ${Math.round(i.eventsPerSecond.traillake).toLocaleString('en-US')} | ${Math.round(i.eventsPerSecond.duckdb).toLocaleString('en-US')} | ${x(i.seconds.traillake / i.seconds.duckdb)} time |`);
  L.push(`| ingest, peak RSS | ${Math.round(i.peakRssBytes.traillake / MiB)} MiB | ${Math.round(i.peakRssBytes.duckdb / MiB)} MiB | ${x(ratio(i.peakRssBytes))} |`);
  L.push(`| storage (source .json.gz: ${(s.sourceGzBytes / MiB).toFixed(1)} MiB) | ${(s.bytes.traillake / MiB).toFixed(1)} MiB (${x(s.bytes.traillake / s.sourceGzBytes)} source) | ${(s.bytes.duckdb / MiB).toFixed(1)} MiB (${x(s.bytes.duckdb / s.sourceGzBytes)} source) | ${x(ratio(s.bytes))} |`);
  for (const q of r.queries) {
    L.push(`| warm ${q.kind}: ${q.title} (${q.rows} rows${q.mismatch ? ', **answers differ**' : ''}) | ${ms(q.warmMs.traillake)} ms | ${ms(q.warmMs.duckdb)} ms | ${x(ratio(q.warmMs))} |`);
  }
  for (const c of r.cold) L.push(`| cold process: ${c.id} | ${ms(c.ms.traillake)} ms | ${ms(c.ms.duckdb)} ms | ${x(ratio(c.ms))} |`);
  L.push('', `Ingest: one run per engine, each right after the archive's files were read once, so both start with them in the page cache. Warm queries: median of ${r.queries[0]?.runs ?? 0} runs in one process, the two engines in turn, after ${r.queries[0]?.warmup ?? 1} untimed runs of each. Cold: median of 3 fresh processes (\`traillake query\` vs a Node process running DuckDB), Node start-up included.`, '');
  L.push('| target | measured | met |', '|---|---|---|');
  for (const t of r.targets) L.push(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : '**no**'} |`);
  return L.join('\n') + '\n';
}

export function bars(r: Results): Bar[] {
  return [
    { group: 'ingest and storage', label: 'ingest time', ratio: r.ingest.seconds.traillake / r.ingest.seconds.duckdb },
    { group: 'ingest and storage', label: 'ingest peak RSS', ratio: ratio(r.ingest.peakRssBytes) },
    { group: 'ingest and storage', label: 'store bytes', ratio: ratio(r.storage.bytes), target: 1.5 },
    ...r.queries.map((q) => ({ group: 'warm queries', label: q.title, ratio: ratio(q.warmMs), target: q.kind === 'needle' ? 1 : 3 })),
    ...r.cold.map((c) => ({ group: 'cold CLI processes', label: c.id, ratio: ratio(c.ms) })),
  ];
}
