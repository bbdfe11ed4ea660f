import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/render/csv.js';
import { loadRenderer, RENDERER_NAMES, renderers } from '../../src/render/index.js';
import { reportDocument, reportJsonChunks } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/md.js';
import { renderTable } from '../../src/render/table.js';
import { csvField, markdownText } from '../../src/text/escape.js';
import { TABLE_WIDTH, wrap } from '../../src/text/layout.js';
import { parseCsv } from '../support/csv.js';
import { AWKWARD_NAME, emptyPlan, fixturePlan } from './fixtures.js';

describe('the renderer registry', () => {
  it('lists each format once, with its metadata, and loads every one', async () => {
    expect(new Set(RENDERER_NAMES).size).toBe(RENDERER_NAMES.length);
    expect(RENDERER_NAMES).toEqual(expect.arrayContaining(['table', 'md', 'csv', 'json', 'xlsx']));
    for (const entry of renderers) {
      const r = await loadRenderer(entry.name);
      expect(r.name).toBe(entry.name);
      expect(r.extension).toBe(entry.extension);
      expect(r.binary).toBe(entry.binary);
    }
  });
});

describe('CSV', () => {
  it('quotes per RFC 4180 and reads back to the same fields', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const rows = parseCsv(renderCsv(fixturePlan));
    expect(rows).toHaveLength(fixturePlan.flows.length + 1);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    const first = fixturePlan.flows[0]!;
    expect(rows[1]![0]).toBe(first.id);
    expect(rows[1]![rows[0]!.indexOf('purpose')]).toBe(first.purpose);
    expect(rows[0]![0]).toBe('sfbports flow');
  });

  it('writes only the header for an empty plan', () => {
    expect(parseCsv(renderCsv(emptyPlan))).toHaveLength(1);
  });
});

describe('Markdown', () => {
  it('escapes what would break a table or inject HTML', () => {
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(markdownText('line\nbreak')).toBe('line break');
    const md = renderMarkdown(fixturePlan);
    expect(md).not.toContain(AWKWARD_NAME);
    expect(md).toContain('&lt;Lab&gt;');
    // Every table row has the header's number of cells.
    for (const line of md.split('\n').filter((l) => l.startsWith('| `f-'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(10);
    }
  });
});

describe('table', () => {
  it('wraps at spaces, then commas, and never beyond the width', () => {
    expect(wrap('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrap('80,443,4443,8080', 9)).toEqual(['80,443,', '4443,8080']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('fits every line in 100 columns, groups by boundary and lists every flow', () => {
    const text = renderTable(fixturePlan);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    for (const f of fixturePlan.flows) expect(text).toContain(f.id);
    expect(text.split('\n')[0]).toContain('sfbports');
    expect(renderTable(emptyPlan)).toContain('0 flows');
  });
});

describe('JSON', () => {
  it('is the whole document, a line per top-level key and per list element', () => {
    for (const p of [fixturePlan, emptyPlan]) {
      const text = [...reportJsonChunks(p)].join('');
      expect(JSON.parse(text)).toEqual(reportDocument(p));
      const doc = reportDocument(p);
      const lines = text.split('\n').slice(1, -2);
      // Every line is a key, a list element, or a list's closing bracket.
      const listed = doc.endpoints.length + doc.flows.length + doc.firewalls.length + doc.ipsec.length;
      const perElement = lines.filter((l) => l.startsWith('    {') || l.startsWith('    "')).length;
      expect(perElement).toBe(listed + doc.notPlanned.length + doc.warnings.length);
      const elements = new Set(lines.map((l) => l.replace(/,$/, '')));
      for (const f of doc.flows) expect(elements.has(`    ${JSON.stringify(f)}`)).toBe(true);
    }
  });

  it('keeps every flow field the contract names', () => {
    const doc = reportDocument(fixturePlan);
    expect(doc.generator).toBe('sfbports');
    expect(doc.flows).toHaveLength(fixturePlan.flows.length);
    const f = doc.flows[0]!;
    expect(Object.keys(f)).toEqual([
      'id',
      'boundary',
      'source',
      'destination',
      'transport',
      'ports',
      'protocol',
      'purpose',
      'requirements',
      'optional',
    ]);
    // Hosts are listed once under endpoints and named by id in each flow.
    const source = doc.endpoints.find((e) => e.id === f.source)!;
    expect(Object.keys(source)).toEqual(expect.arrayContaining(['id', 'role', 'names', 'addresses', 'zone']));
    const ids = new Set(doc.endpoints.map((e) => e.id));
    expect(ids.size).toBe(doc.endpoints.length);
    for (const flow of doc.flows) {
      expect(ids.has(flow.source) && ids.has(flow.destination)).toBe(true);
    }
  });
});
