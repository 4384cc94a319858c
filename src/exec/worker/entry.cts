// The file piscina loads in each scan worker. Piscina require()s its file
// first, and Node 20 aborts the whole process (a V8 fatal error,
// "IsGraphAsync must be used on an instantiated module") when a worker is
// terminated while such a require() of an ES module is loading it: a REPL
// quit right after start-up did that. This CommonJS file starts the real
// worker module (scan-worker.ts) with import(), which termination can
// interrupt safely, as soon as the worker starts.

const loading = import('./scan-worker.js');
loading.catch(() => {}); // a failure is reported by the task that awaits it

module.exports = async function run(task: unknown): Promise<unknown> {
  return (await loading).default(task as never);
};
