import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlRenderer, renderHtml } from '../../src/render/html.js';
import { loadRenderer, rendererEntry } from '../../src/render/index.js';
import { carriedLines, diagramModel, escapeXml, renderDiagramSvg } from '../../src/render/svg.js';
import { expectGolden } from '../support/golden.js';
import { skipUnless } from '../support/requirements.js';
import { AWKWARD_NAME, emptyPlan, examplePlans, fixturePlan, fixturePlans, LONG_ZONE } from './fixtures.js';

const fixtureZones = [
  ...new Set(fixturePlan.flows.flatMap((f) => [f.source.zone, f.destination.zone])),
].sort();

describe('html renderer', () => {
  const html = renderHtml(fixturePlan);

  it('is declared as a text html renderer, and listed in the registry with the same metadata', async () => {
    expect(htmlRenderer).toMatchObject({ name: 'html', extension: 'html', binary: false });
    const entry = rendererEntry('html');
    expect(await loadRenderer('html')).toBe(htmlRenderer);
    const { name, extension, binary, description } = htmlRenderer;
    expect(entry).toMatchObject({ name, extension, binary, description });
  });

  it('escapes every name it prints', () => {
    expect(html).not.toContain('<Lab>');
    expect(html).toContain('Contoso &amp; Fabrikam &lt;Lab&gt; &quot;West&quot; &#39;Redmond&#39;');
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    const hostile = renderHtml(fixturePlan, { title: '</title><script>alert(1)</script>' });
    expect(hostile).not.toContain('<script>alert(1)');
    expect(hostile.match(/<script>/g)).toHaveLength(1);
  });

  it('refers to nothing outside the file', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(?!#)/i);
    expect(html).not.toMatch(/@import|url\((?!#)/i);
    expect(html).toContain('Content-Security-Policy');
  });

  it('links only to places inside the page', () => {
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(fixturePlan.flows.length);
    expect(targets.filter((t) => !ids.has(t))).toEqual([]);
  });

  it('has one table row per flow and a row in the summary per boundary', () => {
    expect(html.match(/<tr[^>]* data-boundary=/g)).toHaveLength(fixturePlan.flows.length);
    expect(html.match(/<a href="#flows" data-boundary=/g)).toHaveLength(8);
    for (const f of fixturePlan.flows) expect(html).toContain(`>${f.id}</td>`);
  });

  it('draws a box for every zone and a node for every role in it', () => {
    const drawn = [...html.matchAll(/<g class="zone zone-(\w+)" data-zone="([^"]+)">/g)].map((m) => [
      m[2],
      m[1],
    ]);
    expect(Object.fromEntries(drawn)).toEqual({
      internet: 'internet',
      [LONG_ZONE]: 'perimeter',
      'perimeter-internal': 'perimeter',
      servers: 'servers',
      phones: 'clients',
      clients: 'clients',
    });
    expect(html).toMatch(
      /<g class="node" data-id="[^"]+" data-role="edge-external-av" data-zone="perimeter-external-redmond-dc"/,
    );
  });

  it('lists the entries that gave no flow, and why', () => {
    expect(html).toContain('<h2>Not planned (1)</h2>');
    expect(html).toContain(
      '<td class="ids">dns.dns.53</td><td></td><td>UDP 53 DNS to dns</td><td>DNS servers are not modelled in topology version 1</td>',
    );
    expect(renderHtml(emptyPlan)).not.toContain('Not planned');
  });

  it('renders the same plan to the same text', () => {
    expect(renderHtml(fixturePlan)).toBe(html);
  });

  it('renders a plan without flows', () => {
    const empty = renderHtml(emptyPlan);
    expect(empty).toContain('No flows to draw');
    expect(empty).toContain('0 of 0 flows');
  });
});

describe('flow diagram model', () => {
  const model = diagramModel(fixturePlan.flows, fixturePlan.topology);

  it('merges ports per transport and protocol, and marks lines that are only optional', () => {
    const perimeter = fixturePlan.flows.filter(
      (f) => f.source.role === 'reverse-proxy' && f.boundary.to === 'servers',
    );
    expect(carriedLines(perimeter)).toEqual(['TCP 4443 HTTPS', 'TCP 8080 HTTP (optional)']);
    const media = fixturePlan.flows.filter(
      (f) => f.protocol === 'RTP/SRTP' && f.destination.role === 'front-end',
    );
    expect(carriedLines(media)).toEqual(['UDP 49152-57500 RTP/SRTP']);
    const [required, optional] = fixturePlan.flows.filter(
      (f) => f.source.role === 'external-user' && f.destination.role === 'reverse-proxy',
    );
    expect(carriedLines([required!, optional!])).toEqual(['TCP 80 HTTP (optional)', 'TCP 443 HTTPS']);
    const sameProtocol = { ...optional!, protocol: 'HTTPS' as const };
    expect(carriedLines([required!, sameProtocol])).toEqual(['TCP 80 HTTPS (optional)', 'TCP 443 HTTPS']);
  });

  it('aggregates flows into one arrow per pair of nodes', () => {
    const clientsToFrontEnd = model.edges.find(
      (e) => e.from === 'clients/client' && e.to === 'servers/front-end',
    );
    expect(clientsToFrontEnd?.lines).toEqual([
      'TCP 5061 SIP/TLS',
      'TCP 8057 PSOM/TLS',
      'UDP 3478 STUN/MSTURN',
      'UDP 49152-57500 RTP/SRTP',
    ]);
    expect(clientsToFrontEnd?.flowIds).toEqual(['f001', 'f002', 'f003', 'f004']);
    const pairs = new Set(
      fixturePlan.flows.map(
        (f) => `${f.source.zone}/${f.source.role}>${f.destination.zone}/${f.destination.role}`,
      ),
    );
    const selfPairs = [...pairs].filter((p) => p.split('>')[0] === p.split('>')[1]);
    expect(model.edges).toHaveLength(pairs.size - selfPairs.length);
  });

  it('lists flows among the hosts of one node inside the node instead of drawing a loop', () => {
    const frontEnd = model.zones.flatMap((z) => z.nodes).find((n) => n.id === 'servers/front-end');
    expect(frontEnd?.internal).toEqual(['TCP 5061,5065,5071-5073,8058,8404,49152-65535 SIP/MTLS']);
    expect(model.edges.some((e) => e.from === e.to)).toBe(false);
  });

  it('orders zones from the internet to the clients', () => {
    expect(model.zones.map((z) => z.name)).toEqual([
      'internet',
      LONG_ZONE,
      'perimeter-internal',
      'servers',
      'clients',
      'phones',
    ]);
  });

  it('draws arrows that point back towards the internet with their head at the start', () => {
    const svg = renderDiagramSvg(fixturePlan.flows, fixturePlan.topology);
    const back = svg.match(
      /<g class="edge[^"]*" data-from="servers\/front-end" data-to="perimeter-internal\/edge-internal"[\s\S]*?<\/g>/,
    );
    expect(back?.[0]).toContain('marker-start=');
    const forward = svg.match(
      /<g class="edge[^"]*" data-from="perimeter-internal\/edge-internal" data-to="servers\/front-end"[\s\S]*?<\/g>/,
    );
    expect(forward?.[0]).toContain('marker-end=');
    expect(svg).toMatch(
      /<g class="edge optional" data-from="perimeter-external-redmond-dc\/edge-external-av"/,
    );
  });
});

describe('html golden files', () => {
  for (const [name, plan] of fixturePlans()) {
    it(name, () => {
      expectGolden(`test/golden/render/html/${name}.html`, renderHtml(plan));
    });
  }
});

const CHROMIUM = '/usr/bin/chromium';

type Rect = { x: number; y: number; w: number; h: number };
interface DiagramLayout {
  zones: Array<{ name: string; box: Rect; label: Rect }>;
  nodes: Array<{ id: string; zone: string; box: Rect }>;
}

/** Where Chromium actually drew the zone boxes, their names and the nodes. */
function diagramLayout(page: Page): Promise<DiagramLayout> {
  return page.$$eval('#diagram svg', ([svg]) => {
    const box = (el: Element) => {
      const b = (el as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    return {
      zones: [...svg!.querySelectorAll('g.zone')].map((g) => ({
        name: g.getAttribute('data-zone')!,
        box: box(g.querySelector('rect')!),
        label: box(g.querySelector('text')!),
      })),
      nodes: [...svg!.querySelectorAll('g.node')].map((g) => ({
        id: g.getAttribute('data-id')!,
        zone: g.getAttribute('data-zone')!,
        box: box(g.querySelector('rect')!),
      })),
    };
  });
}

/** A node outside its zone or under its name, nodes on top of each other, zones on top of each other. */
function layoutProblems(layout: DiagramLayout): string[] {
  const inside = (a: Rect, b: Rect) =>
    a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
  const overlap = (a: Rect, b: Rect) =>
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const problems: string[] = [];
  for (const node of layout.nodes) {
    const zone = layout.zones.find((z) => z.name === node.zone);
    if (!zone) problems.push(`${node.id}: no zone box`);
    else {
      if (!inside(node.box, zone.box)) problems.push(`${node.id}: outside its zone`);
      if (overlap(node.box, zone.label)) problems.push(`${node.id}: under the zone name`);
    }
  }
  for (const [i, a] of layout.nodes.entries())
    for (const b of layout.nodes.slice(i + 1))
      if (overlap(a.box, b.box)) problems.push(`${a.id} overlaps ${b.id}`);
  for (const [i, a] of layout.zones.entries())
    for (const b of layout.zones.slice(i + 1))
      if (overlap(a.box, b.box)) problems.push(`zone ${a.name} overlaps zone ${b.name}`);
  return problems;
}

describe.skipIf(skipUnless({ files: [CHROMIUM] }, 'html report in Chromium'))(
  'html report in Chromium',
  () => {
    let browser: Browser;
    let page: Page;
    let dir: string;
    let fileUrl: string;
    const requests: string[] = [];
    const problems: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sfbports-html-'));
      const file = join(dir, 'report.html');
      writeFileSync(file, renderHtml(fixturePlan));
      fileUrl = pathToFileURL(file).href;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      // Reduced motion switches off the fade, so computed styles can be read at once.
      page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce' });
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.goto(fileUrl, { waitUntil: 'load' });
    });

    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('loads without errors and without any request but the file itself', async () => {
      await page.screenshot({ path: '/tmp/report.png', fullPage: true });
      expect(problems).toEqual([]);
      expect(requests).toEqual([fileUrl]);
      expect(await page.title()).toBe(`Network flows for ${AWKWARD_NAME}`);
    });

    it('sorts the table when a header is clicked, and reverses on a second click', async () => {
      const ports = () =>
        page.$$eval('#flow-table tbody tr', (rows) =>
          rows.map((r) => (r as HTMLTableRowElement).cells[6]!.textContent),
        );
      const before = await ports();
      await page.click('#flow-table th:nth-child(7) button');
      const ascending = await ports();
      expect(ascending).not.toEqual(before);
      const firstPort = (p: string | null) => Number(p!.split(/[-,]/)[0]);
      expect(ascending.map(firstPort)).toEqual([...ascending.map(firstPort)].sort((a, b) => a - b));
      expect(await page.getAttribute('#flow-table th:nth-child(7)', 'aria-sort')).toBe('ascending');
      await page.click('#flow-table th:nth-child(7) button');
      const descending = await ports();
      expect(descending.map(firstPort)).toEqual([...ascending.map(firstPort)].sort((a, b) => b - a));
      expect(await page.getAttribute('#flow-table th:nth-child(7)', 'aria-sort')).toBe('descending');

      await page.click('#flow-table th:nth-child(8) button');
      const protocols = await page.$$eval('#flow-table tbody tr', (rows) =>
        rows.map((r) => (r as HTMLTableRowElement).cells[7]!.textContent!),
      );
      expect(protocols).toEqual(
        [...protocols].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
      expect(await page.getAttribute('#flow-table th:nth-child(7)', 'aria-sort')).toBe('none');
    });

    it('filters by text, boundary and optional flag', async () => {
      const visible = () => page.$$eval('#flow-table tbody tr:not([hidden])', (rows) => rows.length);
      await page.fill('#flow-filter', 'smb');
      expect(await visible()).toBe(1);
      expect(await page.textContent('#flow-count')).toBe(`1 of ${fixturePlan.flows.length} flows`);
      await page.fill('#flow-filter', '');
      await page.selectOption('#boundary-filter', 'perimeter-internal:servers');
      expect(await visible()).toBe(4);
      await page.check('#hide-optional');
      expect(await visible()).toBe(3);
      await page.uncheck('#hide-optional');
      await page.selectOption('#boundary-filter', '');
      expect(await visible()).toBe(fixturePlan.flows.length);
    });

    it('draws every zone, and keeps nodes inside their zone and apart from each other', async () => {
      const layout = await diagramLayout(page);
      expect(layout.zones.map((z) => z.name).sort()).toEqual(fixtureZones);
      expect(layoutProblems(layout)).toEqual([]);
    });

    it('lays out every example without overlaps and without errors', async () => {
      const examples = examplePlans();
      expect(examples.length).toBeGreaterThan(0);
      for (const [name, plan] of examples) {
        const file = join(dir, `${name}.html`);
        writeFileSync(file, renderHtml(plan));
        const other = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        const errors: string[] = [];
        const seen: string[] = [];
        other.on('console', (m) => {
          if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
        });
        other.on('pageerror', (e) => errors.push(e.message));
        other.on('request', (r) => seen.push(r.url()));
        await other.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        const layout = await diagramLayout(other);
        const zones = new Set(plan.flows.flatMap((f) => [f.source.zone, f.destination.zone]));
        expect(layout.zones.map((z) => z.name).sort(), name).toEqual([...zones].sort());
        expect(layoutProblems(layout), name).toEqual([]);
        expect(errors, name).toEqual([]);
        expect(seen, name).toEqual([pathToFileURL(file).href]);
        const rows = await other.$$eval('#flow-table tbody tr', (r) => r.length);
        expect(rows, name).toBe(plan.flows.length);
        await other.close();
      }
    });

    it("lights up a node's arrows on hover and a boundary's arrows when the table is narrowed to it", async () => {
      const state = () =>
        page.$$eval('#diagram svg', ([svg]) => ({
          focusing: svg!.classList.contains('focusing'),
          lit: [...svg!.querySelectorAll('.edge.lit')].map(
            (e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`,
          ),
          litNodes: [...svg!.querySelectorAll('.node.lit')].map((n) => n.getAttribute('data-id')).sort(),
          dimmed: [...svg!.querySelectorAll('.edge:not(.lit)')].every(
            (e) => getComputedStyle(e).opacity === '0.12',
          ),
        }));
      await page.hover('#diagram svg .node[data-id="servers/sql-backend"]');
      await page.waitForFunction(() =>
        document.querySelector('#diagram svg')!.classList.contains('focusing'),
      );
      const hovered = await state();
      expect(hovered.lit).toEqual(['servers/front-end>servers/sql-backend']);
      expect(hovered.litNodes).toEqual(['servers/front-end', 'servers/sql-backend']);
      await page.mouse.move(0, 0);
      expect((await state()).focusing).toBe(false);

      await page.selectOption('#boundary-filter', 'internet:perimeter-external-redmond-dc');
      const narrowed = await state();
      expect(narrowed.focusing).toBe(true);
      expect(narrowed.lit).toHaveLength(6);
      expect(narrowed.lit.every((e) => e.startsWith('internet/'))).toBe(true);
      expect(narrowed.dimmed).toBe(true);
      await page.selectOption('#boundary-filter', '');
      expect((await state()).focusing).toBe(false);
    });

    it('leads from a requirement id to its catalog entry', async () => {
      expect(await page.$eval('#catalog details', (d) => (d as HTMLDetailsElement).open)).toBe(false);
      await page.click('#flow-table a[href="#req-file-share.smb.445"]');
      expect(await page.$eval('#catalog details', (d) => (d as HTMLDetailsElement).open)).toBe(true);
      expect(await page.evaluate(() => location.hash)).toBe('#req-file-share.smb.445');
      expect(await page.$eval(':target td', (td) => td.textContent)).toBe('file-share.smb.445');
    });

    it('switches the diagram between fitted and actual size', async () => {
      const width = () => page.$eval('#diagram svg', (svg) => svg.getBoundingClientRect().width);
      const fitted = await width();
      await page.click('#diagram-size');
      expect(await width()).toBeGreaterThan(fitted);
      expect(await page.getAttribute('#diagram-size', 'aria-pressed')).toBe('true');
      await page.click('#diagram-size');
      expect(await width()).toBeCloseTo(fitted, 0);
    });
  },
);
