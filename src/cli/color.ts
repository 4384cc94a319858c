// Terminal colour: on only when the stream is a TTY, NO_COLOR is unset or
// empty (https://no-color.org) and TERM is not "dumb". Everything else in the
// CLI styles text through a Palette, so turning colour off is one decision.

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const PLAIN: Palette = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, cyan: (s) => s };
export const ANSI: Palette = { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), cyan: sgr(36, 39) };

export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  return colorEnabled(stream, env) ? ANSI : PLAIN;
}
