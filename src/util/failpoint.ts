// Fault injection for tests, off unless an environment variable names a point:
// - TRAILLAKE_FAILPOINT=<point>: the process kills itself with SIGKILL there
//   (nothing runs after, like kill -9);
// - TRAILLAKE_STALL=<point>=<ms>: the thread that reaches the point blocks for
//   that long, a stand-in for a slow disk or a heavy read (cancellation tests).
// Each costs one property read per point when off.

export function failpoint(name: string): void {
  if (process.env.TRAILLAKE_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}

export function stall(name: string): void {
  const v = process.env.TRAILLAKE_STALL;
  if (v === undefined || !v.startsWith(`${name}=`)) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(v.slice(name.length + 1)));
}
