import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.js';
import type { Plan } from '../../src/model/plan.js';
import { firewallsOf } from '../../src/plan/firewalls.js';
import { plan as planOf } from '../../src/plan/plan.js';
import { fitText, MAX_WIDTH, wrap } from '../../src/render/diagram/draw.js';
import { abbreviate, endpointSummary, firewallView, zoneOrder } from '../../src/render/diagram/model.js';
import { htmlRenderer, renderHtml } from '../../src/render/html.js';
import { loadRenderer, rendererEntry } from '../../src/render/index.js';
import { carriedLines, diagramViews, escapeXml, portLines } from '../../src/render/svg.js';
import { expectGolden } from '../support/golden.js';
import { skipUnless } from '../support/requirements.js';
import { syntheticTopology } from '../support/synthetic.js';
import { AWKWARD_NAME, emptyPlan, examplePlans, fixturePlan, fixturePlans, LONG_ZONE } from './fixtures.js';

const fixtureZones = [
  ...new Set(fixturePlan.flows.flatMap((f) => [f.source.zone, f.destination.zone])),
].sort();

/** The flow table's data island (src/render/html.ts flowData). */
interface FlowData {
  flows: Array<
    [string, number, number, number, number, string, number, number, number, number, 0 | 1, number]
  >;
  endpoints: Array<[string, string, string, string]>;
  texts: string[];
}
function flowData(html: string): FlowData {
  const start = html.indexOf('<script type="application/json" id="flow-data">');
  const end = html.indexOf('</script>', start);
  return JSON.parse(html.slice(html.indexOf('>', start) + 1, end)) as FlowData;
}

describe('html renderer', () => {
  const html = renderHtml(fixturePlan);
  const data = flowData(html);

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
    // The flow rows, made by the page script, link each requirement id to its catalog row.
    const requirements = data.flows.flatMap((f) => data.texts[f[9]]!.split(' ').map((r) => `req-${r}`));
    const targets = [...[...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!), ...requirements];
    expect(targets.length).toBeGreaterThan(fixturePlan.flows.length);
    expect(targets.filter((t) => !ids.has(t))).toEqual([]);
  });

  it('has the data of one table row per flow, in table order, and a row in the summary per boundary', () => {
    expect(data.flows.map((f) => f[0]).sort()).toEqual(fixturePlan.flows.map((f) => f.id).sort());
    expect(html.match(/<a href="#flows" data-boundary=/g)).toHaveLength(8);
    // Endpoints and repeated texts are listed once.
    expect(data.endpoints.length).toBeLessThan(2 * fixturePlan.flows.length);
    expect(new Set(data.texts).size).toBe(data.texts.length);
  });

  it('keeps the data island closed: no text in it can end the script element', () => {
    const hostile = renderHtml({
      ...fixturePlan,
      flows: fixturePlan.flows.map((f) => ({ ...f, purpose: '</script><script>alert(1)</script><!--' })),
    });
    expect(hostile.match(/<\/script>/g)).toHaveLength(2);
    expect(flowData(hostile).texts).toContain('</script><script>alert(1)</script><!--');
  });

  it('draws every zone in the overview, coloured by what it holds, and a node per role in firewall views', () => {
    const overview = html.slice(html.indexOf('id="view-v0"'), html.indexOf('id="view-v1"'));
    const drawn = [...overview.matchAll(/<g class="zone zone-(\w+)" data-zone="([^"]+)">/g)].map((m) => [
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
      /<g class="node" data-id="c1\/perimeter-external-redmond-dc\/edge-external-av" data-role="edge-external-av" data-zone="perimeter-external-redmond-dc"/,
    );
  });

  it('offers the overview and every firewall in the chooser, and shows only the first view', () => {
    const options = [...html.matchAll(/<option value="(v\d+)">([^<]+)<\/option>/g)].map((m) => m[2]);
    const { firewalls } = firewallsOf(fixturePlan);
    expect(options).toEqual(['Overview: all zones', ...firewalls.map((f) => `Assumed firewall ${f.name}`)]);
    expect(html.match(/<figure class="view"/g)).toHaveLength(options.length);
    expect(html.match(/<figure class="view"[^>]* hidden>/g)).toHaveLength(options.length - 1);
    expect(html).toMatch(
      /<figure class="view" id="view-v0" data-view="v0"[^>]*data-label="Overview: all zones">/,
    );
  });

  it('gives each view its own arrow markers, since a hidden view cannot lend its markers', () => {
    const ids = [...html.matchAll(/<marker id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, id] of html.matchAll(/marker-end="url\(#([^)]+)\)"/g)) expect(ids).toContain(id);
  });

  it('tells the table filter the host names and the views of each flow', () => {
    const row = data.flows.find((f) => f[0] === 'f001')!;
    expect([data.endpoints[row[2]]![3], data.endpoints[row[3]]![3]]).toContain(
      'fe01.contoso.com fe02.contoso.com fe03.contoso.com',
    );
    const views = diagramViews(fixturePlan).filter((v) => v.flowIds.has('f001'));
    expect(data.texts[row[11]]).toBe(views.map((v) => v.id).join(' '));
    expect(views.map((v) => v.label)).toEqual(['Overview: all zones', 'Assumed firewall servers--clients']);
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

  it('merges ports per transport for arrow labels, optional-only ports on their own line', () => {
    const toProxy = fixturePlan.flows.filter(
      (f) => f.source.role === 'external-user' && f.destination.role === 'reverse-proxy',
    );
    expect(portLines(toProxy)).toEqual(['TCP 443', 'TCP 80 (optional)']);
    const clients = fixturePlan.flows.filter(
      (f) => f.source.zone === 'clients' && f.destination.role === 'front-end',
    );
    expect(portLines(clients)).toEqual(['TCP 5061,8057', 'UDP 3478,49152-57500']);
    // A port some required flow needs is not listed again as optional.
    const both = [toProxy[0]!, { ...toProxy[1]!, ports: toProxy[0]!.ports }];
    expect(portLines(both)).toEqual(['TCP 443']);
  });

  it('orders zones from the internet inwards: any, perimeter external, perimeter internal, servers, clients', () => {
    const order = zoneOrder(fixturePlan.topology, fixturePlan.flows);
    const zones = Object.keys(fixturePlan.topology.zones).sort(order.compare);
    expect(zones).toEqual(['internet', LONG_ZONE, 'perimeter-internal', 'servers', 'clients', 'phones']);
    const overview = diagramViews(fixturePlan)[0]!.body;
    expect(overview.kind === 'overview' && overview.zones.map((z) => z.name)).toEqual(zones);
  });

  it('abbreviates host lists and cuts or wraps text to a width', () => {
    expect(abbreviate(['fe01'])).toBe('fe01');
    expect(abbreviate(['fe01', 'fe02'])).toBe('fe01, fe02');
    expect(abbreviate(['fe01', 'fe02', 'fe03'])).toBe('fe01…fe03 (3)');
    const frontEnd = fixturePlan.flows.find((f) => f.destination.role === 'front-end')!.destination;
    expect(endpointSummary([frontEnd])).toBe('pool01 · fe01…fe03 (3)');
    const elsewhere = { ...frontEnd, names: frontEnd.names.map((x) => x.replace('contoso', 'fabrikam')) };
    expect(endpointSummary([frontEnd, elsewhere])).toBe('pool01 · 6 hosts');
    expect(fitText('Web Conferencing Edge', 11, 70)).toBe('Web Confe…');
    expect(wrap('TCP 443,4443,5061-5062,8057', 11, 100, true)).toEqual(['TCP 443,4443,', '5061-5062,8057']);
    expect(wrap('perimeter-external', 13, 90, false, true)).toEqual(['perimeter-', 'external']);
  });
});

describe('firewall views of the enterprise example', () => {
  const enterprise = examplePlans().find(([name]) => name === 'enterprise')![1];
  const order = zoneOrder(enterprise.topology, enterprise.flows);
  const fw = (name: string) => firewallsOf(enterprise).firewalls.find((f) => f.name === name)!;

  it('puts the side holding the internet on the left, whatever order the topology lists the sides in', () => {
    const external = firewallView(fw('external'), order);
    expect(external.columns.map((c) => c.title)).toEqual(['side outside', 'side perimeter']);
    const flipped = { ...fw('external'), sides: [...fw('external').sides].reverse() };
    expect(firewallView(flipped, order).columns.map((c) => c.title)).toEqual([
      'side outside',
      'side perimeter',
    ]);
    const internal = firewallView(fw('internal'), order);
    expect(internal.columns.map((c) => c.zones.map((z) => z.name))).toEqual([
      ['perimeter-internal'],
      ['servers', 'clients', 'phones'],
    ]);
  });

  it('draws one arrow per source role, destination role and direction, covering every flow once', () => {
    const external = firewallView(fw('external'), order);
    const keys = external.arrows.map((a) => `${a.from}>${a.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(external.arrows.flatMap((a) => a.flowIds).sort()).toEqual(
      fw('external')
        .flows.map((f) => f.flow.id)
        .sort(),
    );
    const federation = external.arrows.find(
      (a) =>
        a.from === 'c0/internet/federated-partner' && a.to === 'c1/perimeter-external/edge-external-access',
    );
    expect(federation?.lines).toEqual(['TCP 5061']);
    expect(external.arrows.some((a) => a.fromColumn === 1 && a.toColumn === 0)).toBe(true);
  });

  it('draws a host firewall with its sources on the left and its server behind the bar', () => {
    const rp01 = firewallView(fw('rp01'), order);
    expect(rp01.columns.map((c) => c.title)).toEqual(['sources', 'rp01.contoso.com']);
    expect(rp01.columns[1]!.zones.flatMap((z) => z.nodes.map((n) => n.role))).toEqual(['reverse-proxy']);
    expect(rp01.arrows.every((a) => a.fromColumn === 0 && a.toColumn === 1)).toBe(true);
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
  return page.$$eval('#diagram .view:not([hidden]) svg', ([svg]) => {
    const box = (el: Element) => {
      const b = (el as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    return {
      zones: [...svg!.querySelectorAll('g.zone')].map((g) => ({
        name: g.getAttribute('data-zone')!,
        box: box(g.querySelector('rect')!),
        label: box(g.querySelector('text.zone-label')!),
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
    // A host firewall view can show one zone twice (sources on the left, its servers on the right):
    // the node belongs to the box of that name that holds it.
    const named = layout.zones.filter((z) => z.name === node.zone);
    const zone = named.find((z) => inside(node.box, z.box)) ?? named[0];
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

    it('draws every zone in the overview, and keeps nodes of firewall views inside their zone and apart', async () => {
      const zones = await page.$$eval('#view-v0 g.zone', (gs) => gs.map((g) => g.getAttribute('data-zone')));
      expect(zones.sort()).toEqual(fixtureZones);
      await page.selectOption('#view-chooser', { label: 'Assumed firewall servers--clients' });
      const layout = await diagramLayout(page);
      expect(layout.zones.map((z) => z.name)).toEqual(['servers', 'clients']);
      expect(layout.nodes.length).toBeGreaterThan(1);
      expect(layoutProblems(layout)).toEqual([]);
      await page.selectOption('#view-chooser', 'v0');
    });

    it("lights up a zone's arrows on hover and a boundary's arrows when the table is narrowed to it", async () => {
      const state = () =>
        page.$$eval('#view-v0 svg', ([svg]) => ({
          focusing: svg!.classList.contains('focusing'),
          lit: [...svg!.querySelectorAll('.edge.lit')].map(
            (e) => `${e.getAttribute('data-from')}>${e.getAttribute('data-to')}`,
          ),
          litNodes: [...svg!.querySelectorAll('.node.lit')].map((n) => n.getAttribute('data-id')).sort(),
          dimmed: [...svg!.querySelectorAll('.edge:not(.lit)')].every(
            (e) => getComputedStyle(e).opacity === '0.15',
          ),
        }));
      await page.hover('#view-v0 svg .node[data-id="phones"]');
      await page.waitForFunction(() =>
        document.querySelector('#view-v0 svg')!.classList.contains('focusing'),
      );
      const hovered = await state();
      expect(hovered.lit).toEqual(['phones>servers']);
      expect(hovered.litNodes).toEqual(['phones', 'servers']);
      expect(hovered.dimmed).toBe(true);
      await page.mouse.move(0, 0);
      expect((await state()).focusing).toBe(false);

      await page.selectOption('#boundary-filter', 'internet:perimeter-external-redmond-dc');
      const narrowed = await state();
      expect(narrowed.focusing).toBe(true);
      expect(narrowed.lit).toEqual([`internet>${LONG_ZONE}`]);
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

    describe('views at 1,280 px', () => {
      const sixSites: Plan = planOf(syntheticTopology({ sites: 6 }), catalog);
      const cases: Array<readonly [string, Plan]> = [...examplePlans(), ['six-sites', sixSites]];
      const artifacts = 'test-artifacts/diagram';
      let narrow: Page;
      const open = async (name: string, p: Plan) => {
        const file = join(dir, `${name}.html`);
        writeFileSync(file, renderHtml(p));
        await narrow.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        return pathToFileURL(file).href;
      };

      beforeAll(async () => {
        narrow = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
        mkdirSync(artifacts, { recursive: true });
      });
      afterAll(async () => {
        await narrow?.close();
      });

      it('offers every firewall and site, shows one view at a time, each at actual size within 1,280 × 2,000 px', async () => {
        const sizes: string[] = [];
        for (const [name, p] of cases) {
          const errors: string[] = [];
          const seen: string[] = [];
          const onConsole = (m: { type(): string; text(): string }) => {
            if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
          };
          const onError = (e: Error) => errors.push(e.message);
          const onRequest = (r: { url(): string }) => seen.push(r.url());
          narrow.on('console', onConsole);
          narrow.on('pageerror', onError);
          narrow.on('request', onRequest);
          const url = await open(name, p);
          const options = await narrow.$$eval('#view-chooser option', (os) =>
            os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent! })),
          );
          const { firewalls } = firewallsOf(p);
          const sites = p.topology.sites.length > 1 ? p.topology.sites.map((x) => `Site ${x.name}`) : [];
          expect(
            options.map((o) => o.label.replace(/^(Assumed f|Host f|F)irewall /, '')),
            name,
          ).toEqual(['Overview: all zones', ...firewalls.map((f) => f.name), ...sites]);
          for (const option of options) {
            await narrow.selectOption('#view-chooser', option.value);
            const shown = await narrow.$$eval('#diagram-box .view', (vs) =>
              vs.filter((v) => getComputedStyle(v).display !== 'none').map((v) => v.id),
            );
            expect(shown, `${name} ${option.label}`).toEqual([`view-${option.value}`]);
            const size = await narrow.$eval(`#view-${option.value} svg`, (svg) => {
              const r = svg.getBoundingClientRect();
              return { w: r.width, h: r.height, declared: (svg as SVGSVGElement).width.baseVal.value };
            });
            sizes.push(`${name}\t${option.label}\t${Math.round(size.w)} × ${Math.round(size.h)}`);
            expect(size.w, `${name} ${option.label}`).toBeLessThanOrEqual(1280);
            expect(size.w, `${name} ${option.label}`).toBeLessThanOrEqual(MAX_WIDTH);
            // Drawn at its own size, not shrunk: 11 px text stays 11 px.
            expect(size.w, `${name} ${option.label}`).toBe(size.declared);
            expect(size.h, `${name} ${option.label}`).toBeLessThanOrEqual(2000);
            if (option.value !== 'v0' && !option.label.startsWith('Site '))
              expect(layoutProblems(await diagramLayout(narrow)), `${name} ${option.label}`).toEqual([]);
            const slug = option.label
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/-$/, '');
            await (await narrow.$(`#view-${option.value}`))!.screenshot({
              path: `${artifacts}/${name}--${option.value}-${slug}.png`,
            });
          }
          narrow.off('console', onConsole);
          narrow.off('pageerror', onError);
          narrow.off('request', onRequest);
          expect(errors, name).toEqual([]);
          expect(seen, name).toEqual([url]);
        }
        writeFileSync(`${artifacts}/sizes.tsv`, `${sizes.join('\n')}\n`);
      });

      it('draws the external firewall of enterprise between the internet and the perimeter, its labels naming 5061 and 443', async () => {
        const enterprise = cases.find(([name]) => name === 'enterprise')![1];
        await open('enterprise', enterprise);
        await narrow.selectOption('#view-chooser', { label: 'Firewall external' });
        const drawn = await narrow.$eval('#diagram .view:not([hidden]) svg', (svg) => {
          const box = (sel: string) => {
            const b = (svg.querySelector(sel) as SVGGraphicsElement).getBBox();
            return { left: b.x, right: b.x + b.width };
          };
          return {
            labels: [...svg.querySelectorAll('.edge-text')].map((t) => t.textContent),
            internet: box('g.zone[data-zone="internet"] rect'),
            perimeter: box('g.zone[data-zone="perimeter-external"] rect'),
            bar: box('g.bar rect'),
            visible: svg.getBoundingClientRect().width > 0,
          };
        });
        expect(drawn.visible).toBe(true);
        expect(drawn.labels.some((l) => /\b5061\b/.test(l!))).toBe(true);
        expect(drawn.labels.some((l) => /\b443\b/.test(l!))).toBe(true);
        expect(drawn.internet.right).toBeLessThan(drawn.bar.left);
        expect(drawn.bar.right).toBeLessThan(drawn.perimeter.left);
      });

      it('shows a long flow list a page of 200 rows at a time, and sorts and filters all of it', async () => {
        const total = sixSites.flows.length;
        expect(total).toBeGreaterThan(400);
        await open('six-sites', sixSites);
        const ids = () =>
          narrow.$$eval('#flow-table tbody tr', (trs) =>
            trs.map((r) => (r as HTMLTableRowElement).cells[10]!.textContent!),
          );
        const firstPage = await ids();
        expect(firstPage).toHaveLength(200);
        expect(await narrow.textContent('#page-range')).toBe(`rows 1–200 of ${total}`);
        expect(await narrow.isDisabled('#page-previous')).toBe(true);
        await narrow.click('#page-next');
        const secondPage = await ids();
        expect(secondPage).toHaveLength(200);
        expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
        expect(await narrow.textContent('#page-range')).toBe(`rows 201–400 of ${total}`);
        // Sorting orders every flow, not only the page shown, and starts again at the first page.
        await narrow.click('#flow-table th:nth-child(11) button');
        const sorted = sixSites.flows.map((f) => f.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(await ids()).toEqual(sorted.slice(0, 200));
        await narrow.click('#flow-table th:nth-child(11) button');
        expect(await ids()).toEqual([...sorted].reverse().slice(0, 200));
        // A filter matching fewer flows than a page hides the pager.
        const one = sixSites.flows[total - 1]!.id;
        await narrow.fill('#flow-filter', one);
        expect(await ids()).toEqual([one]);
        expect(await narrow.isHidden('#flow-pager')).toBe(true);
        expect(await narrow.textContent('#flow-count')).toBe(`1 of ${total} flows`);
        await narrow.fill('#flow-filter', '');
      });

      it('filters the table by a server name, and narrows it to the chosen firewall', async () => {
        const enterprise = cases.find(([name]) => name === 'enterprise')![1];
        await open('enterprise', enterprise);
        const rows = () =>
          narrow.$$eval('#flow-table tbody tr:not([hidden])', (trs) =>
            trs.map((r) => ({
              id: (r as HTMLTableRowElement).cells[10]!.textContent!,
              hosts: r.getAttribute('data-hosts')!,
            })),
          );
        await narrow.fill('#flow-filter', 'fe01.contoso.com');
        const named = await rows();
        const expected = enterprise.flows.filter((f) =>
          [...f.source.names, ...f.destination.names].includes('fe01.contoso.com'),
        );
        expect(named.map((r) => r.id).sort()).toEqual(expected.map((f) => f.id).sort());
        expect(named.length).toBeLessThan(enterprise.flows.length);
        await narrow.fill('#flow-filter', '');

        const external = firewallsOf(enterprise).firewalls.find((f) => f.name === 'external')!;
        await narrow.selectOption('#view-chooser', { label: 'Firewall external' });
        expect((await rows()).map((r) => r.id).sort()).toEqual(external.flows.map((f) => f.flow.id).sort());
        expect(await narrow.textContent('#flow-count')).toBe(
          `${external.flows.length} of ${enterprise.flows.length} flows`,
        );
        await narrow.uncheck('#view-narrows');
        expect(await rows()).toHaveLength(enterprise.flows.length);
        await narrow.check('#view-narrows');
        await narrow.selectOption('#view-chooser', 'v0');
        expect(await rows()).toHaveLength(enterprise.flows.length);
      });
    });
  },
);
