/** The terminal width every table and wrapped text of sfbports is laid out for. */
export const TABLE_WIDTH = 100;

/**
 * Wraps text to `width`: at spaces, else after commas (port lists), else hard. Existing line breaks
 * are kept. Never returns a line longer than `width`.
 */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      let rest = word;
      if (line !== '' && line.length + 1 + rest.length <= width) {
        line = `${line} ${rest}`;
        continue;
      }
      if (line !== '') out.push(line);
      line = '';
      while (rest.length > width) {
        const comma = rest.lastIndexOf(',', width - 1);
        const cut = comma > 0 ? comma + 1 : width;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

/**
 * `wrap` for one paragraph given as words, a line at a time: the same lines as
 * `wrap(words.join(' '), width)` without ever building the paragraph, for lists of a million flow ids.
 */
export function* wrapWords(words: Iterable<string>, width: number): Generator<string> {
  let line = '';
  for (const word of words) {
    if (word === '') continue;
    let rest = word;
    if (line !== '' && line.length + 1 + rest.length <= width) {
      line = `${line} ${rest}`;
      continue;
    }
    if (line !== '') yield line;
    line = '';
    while (rest.length > width) {
      const comma = rest.lastIndexOf(',', width - 1);
      const cut = comma > 0 ? comma + 1 : width;
      yield rest.slice(0, cut);
      rest = rest.slice(cut);
    }
    line = rest;
  }
  yield line;
}
