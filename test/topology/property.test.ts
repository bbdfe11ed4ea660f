import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Diagnostic, UserError } from '../../src/diag/diagnostic.js';
import { FEATURE_NAMES, PRODUCT_NAMES } from '../../src/model/products.js';
import { loadTopology, validateTopology } from '../../src/topology/load.js';
import { FQDN_PATTERN } from '../../src/topology/schema.js';
import { DEFAULT_ANSWERS, renderAnswers, type StarterAnswers } from '../../src/topology/starter.js';

const example = parse(readFileSync('examples/enterprise.yaml', 'utf8'));

/**
 * The loader returns a topology with its warnings or throws a UserError carrying the diagnostics,
 * never anything else; every diagnostic has a position and a message. One call per case: the
 * loader validates the text once, and checking the diagnostics of both outcomes covers both paths.
 */
function expectWellFormed(text: string): void {
  let diagnostics: readonly Diagnostic[];
  try {
    diagnostics = loadTopology(text, 'p.yaml').diagnostics;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    diagnostics = (err as UserError).diagnostics;
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  }
  for (const d of diagnostics) {
    expect(d.loc?.line).toBeGreaterThanOrEqual(1);
    expect(d.loc?.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

/** Every path to a value inside `value`, so a mutation can hit any field of a real topology. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...paths(v, [...prefix, i]));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}
const examplePaths = paths(example).filter((p) => p.length > 0);

type Json = Record<string | number, unknown>;

function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  const copy = structuredClone(root) as Json;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('the topology loader (properties)', () => {
  it('never throws anything but UserError on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), expectWellFormed), { numRuns: 300 });
  });

  it('never throws anything but UserError on YAML-ish lines', () => {
    const line = fc
      .tuple(
        fc.constantFrom('', '  ', '    ', '- ', '  - '),
        fc.constantFrom('version', 'name', 'sites', 'pools', 'fqdn', 'ip', 'zones', 'role', '&a', '*a', '? '),
        fc.constantFrom(': ', ':', ' '),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom('[', ']', '{', '}', '1', 'any', '192.0.2.1', '|', '>'),
        ),
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 25 }), (lines) => expectWellFormed(lines.join('\n'))),
      {
        numRuns: 300,
      },
    );
  });

  it('takes a key named after an Object.prototype member for an unknown key, anywhere', () => {
    // Seen by the property below: { valueOf: false } as an Edge server's external address made the
    // schema lookup find Object.prototype.valueOf and throw a TypeError.
    for (const key of ['valueOf', 'toString', 'constructor', 'hasOwnProperty', 'isPrototypeOf']) {
      for (const path of [
        ['sites', 0, 'edgePools', 0, 'servers', 1, 'external'],
        ['sites', 0, 'pools', 0, 'servers', 0],
        ['sites', 0],
      ] as const) {
        // The Edge server's external address becomes { key: false }; elsewhere the key is added.
        const changed =
          path.length === 7 ? setAt(example, path, { [key]: false }) : setAt(example, [...path, key], false);
        expectWellFormed(stringify(changed));
      }
    }
  });

  it('reports any value put anywhere in a real topology as diagnostics with positions', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examplePaths), fc.jsonValue({ maxDepth: 2 }), (path, value) => {
        expectWellFormed(stringify(setAt(example, path, value)));
      }),
      { numRuns: 300 },
    );
  });

  it('always rejects an FQDN with a character outside letters, digits, hyphens and dots', () => {
    const hostile = fc
      .tuple(
        fc.string({ maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        fc.string({ maxLength: 20 }),
      )
      .map(([a, bad, b]) => `${a}${bad}${b}`)
      .filter((s) => /[^A-Za-z0-9.-]/.test(s));
    const fields: Array<Array<string | number>> = [
      ['sites', 0, 'pools', 0, 'fqdn'],
      ['sites', 0, 'pools', 0, 'servers', 0, 'fqdn'],
      ['sites', 0, 'gateways', 0, 'fqdn'],
      ['sites', 0, 'edgePools', 0, 'servers', 1, 'fqdn'],
      ['sites', 0, 'reverseProxies', 0, 'publishes', 0],
      ['sipDomains', 0],
    ];
    fc.assert(
      fc.property(hostile, fc.constantFrom(...fields), (fqdn, path) => {
        expect(FQDN_PATTERN.test(fqdn)).toBe(false);
        const result = validateTopology(stringify(setAt(example, path, fqdn)), 'p.yaml');
        expect(result.topology).toBeUndefined();
        expect(result.diagnostics.map((d) => d.code)).toContain('invalid-fqdn');
      }),
      { numRuns: 300 },
    );
  });

  it('turns any answers to the init questions into a topology that validates', () => {
    const answers: fc.Arbitrary<StarterAnswers> = fc.record({
      name: fc.constantFrom('Contoso', 'Fabrikam Ltd', 'A.Datum (EU)'),
      product: fc.constantFrom(...PRODUCT_NAMES),
      sipDomain: fc.constantFrom('contoso.com', 'fabrikam.example'),
      site: fc.constantFrom('Redmond', 'Head Office'),
      edition: fc.constantFrom('standard', 'enterprise'),
      frontEndServers: fc.integer({ min: 1, max: 12 }),
      loadBalancing: fc.constantFrom('dns', 'hardware'),
      features: fc.subarray([...FEATURE_NAMES]),
      director: fc.boolean(),
      voice: fc.constantFrom('none', 'collocated', 'standalone'),
      gatewayTransport: fc.constantFrom('tls', 'tcp'),
      edge: fc.constantFrom('none', 'public', 'nat'),
      edgeServers: fc.integer({ min: 1, max: 4 }),
      federation: fc.boolean(),
      reverseProxy: fc.boolean(),
      branchSites: fc.uniqueArray(fc.constantFrom('Dublin', 'Oslo', 'Lima', 'Pune'), { maxLength: 4 }),
      networks: fc.constant(DEFAULT_ANSWERS.networks),
    });
    fc.assert(
      fc.property(answers, (a) => {
        const networks =
          a.edge === 'nat' ? { ...a.networks, perimeterExternal: '192.0.2.80/28' } : a.networks;
        const result = validateTopology(renderAnswers({ ...a, networks }, 'x.json'), 'init.yaml');
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(result.topology).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});
