// V8 assumes, in each thread, that no ArrayBuffer is ever detached until one
// is (a transfer to another thread detaches it), and the optimized code of
// typed-array loops relies on that. Ingest transfers its first batches when
// its first task ends: every function compiled by then (the byte scanner's,
// some 40 in each worker) was thrown out and compiled again. Detaching an
// empty buffer when a thread starts makes the code compiled afterwards the
// code that stays.

let done = false;

export function detachEarly(): void {
  if (done) return;
  done = true;
  const buf = new ArrayBuffer(8);
  structuredClone(buf, { transfer: [buf] });
}
