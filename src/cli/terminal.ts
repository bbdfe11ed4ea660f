import pc from 'picocolors';
import type { CliIo, OutputStream } from './io.js';

/** Colours only when writing to a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorsEnabled(io: CliIo, stream: OutputStream = io.stdout): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true;
}

export function colors(io: CliIo, stream: OutputStream = io.stdout) {
  return pc.createColors(colorsEnabled(io, stream));
}
