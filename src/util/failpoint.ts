// Crash injection for tests: when TRAILLAKE_FAILPOINT names a point the process
// reaches, it kills itself with SIGKILL there (nothing runs after, like kill -9).
// Off unless the variable is set; costs one property read per point.

export function failpoint(name: string): void {
  if (process.env.TRAILLAKE_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
