import pc from 'picocolors';

/** Colours only when writing to a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorsEnabled(stream: NodeJS.WriteStream = process.stdout): boolean {
  const noColor = process.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return Boolean(stream.isTTY);
}

export function colors(stream: NodeJS.WriteStream = process.stdout) {
  return pc.createColors(colorsEnabled(stream));
}
