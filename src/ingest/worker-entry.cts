// The file piscina loads in each ingest worker: a CommonJS file that loads
// worker.ts with import() at once (see src/exec/worker/entry.cts for why
// piscina must not require() the ES module itself).

const loading = import('./worker.js');
loading.catch(() => {}); // a failure is reported by the task that awaits it

module.exports = async function run(task: unknown): Promise<unknown> {
  return (await loading).default(task as never);
};
