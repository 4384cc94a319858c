// Writing to stdout/stderr with backpressure, and the exit codes traillake uses.

export const EXIT = { ok: 0, user: 1, rejectedInput: 2, internal: 3, invalid: 4, interrupted: 130 } as const;

export function write(stream: NodeJS.WritableStream, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', () => resolve()));
}
