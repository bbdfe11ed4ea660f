import { containsCidr, excludeCidr, mergeCidr, overlapCidr } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AddressSet,
  AddressSyntaxError,
  type Family,
  hasHostBits,
  networkText,
  parseAddress,
  parseAddressOrNetwork,
  parseNetwork,
} from '../../src/model/address-set.js';

// A naive reference model: the set of its addresses, as "family:host" strings. Networks stay inside
// 192.0.2.0/24 and 2001:db8::/120 (host numbers 0..255), so the model stays cheap to enumerate.
interface Net {
  readonly family: Family;
  readonly host: number;
  readonly len: number;
  /** IPv4 written as IPv4-mapped IPv6. */
  readonly mapped: boolean;
}

const netArb: fc.Arbitrary<Net> = fc
  .record({
    family: fc.constantFrom<Family>(4, 6),
    host: fc.integer({ min: 0, max: 255 }),
    // Single hosts and small blocks half of the time: one-address gaps are where interval code slips.
    len: fc.oneof(fc.integer({ min: 6, max: 8 }), fc.integer({ min: 0, max: 8 })),
    mapped: fc.boolean(),
  })
  .map(({ family, host, len, mapped }) => {
    const size = 2 ** (8 - len);
    return { family, host: Math.floor(host / size) * size, len, mapped: family === 4 && mapped };
  });
const listArb = fc.array(netArb, { maxLength: 6 });

/** How a test writes a network: dotted IPv4, IPv6, or IPv4 in the mapped spelling; hosts without /len. */
function text(n: Net): string {
  const bits = n.family === 4 ? 24 + n.len : 120 + n.len;
  const host = n.len === 8;
  if (n.mapped) return host ? `::ffff:192.0.2.${n.host}` : `::ffff:192.0.2.${n.host}/${96 + bits}`;
  const address = n.family === 4 ? `192.0.2.${n.host}` : `2001:db8::${n.host.toString(16)}`;
  return host ? address : `${address}/${bits}`;
}

/** The same network in the spelling cidr-tools reads as we do (it keeps mapped addresses IPv6). */
function plain(n: Net): string {
  return text({ ...n, mapped: false });
}

function model(list: readonly Net[]): Set<string> {
  const out = new Set<string>();
  for (const n of list) for (let i = 0; i < 2 ** (8 - n.len); i++) out.add(`${n.family}:${n.host + i}`);
  return out;
}

const V4_BASE = 0xc0000200n; // 192.0.2.0
const V6_BASE = 0x20010db8n << 96n; // 2001:db8::
function hasInModel(set: AddressSet, key: string): boolean {
  const [family, host] = key.split(':').map(Number) as [Family, number];
  return set.has(family, (family === 4 ? V4_BASE : V6_BASE) + BigInt(host));
}

function setOf(list: readonly Net[]): AddressSet {
  return AddressSet.parse(list.map(text));
}

/** The model of a set, read back through membership over the whole small universe. */
function modelOf(set: AddressSet): Set<string> {
  const out = new Set<string>();
  for (const family of [4, 6] as const)
    for (let h = 0; h < 256; h++) if (hasInModel(set, `${family}:${h}`)) out.add(`${family}:${h}`);
  return out;
}

describe('AddressSet against a naive model', () => {
  it('is normalised: sorted, disjoint, non-adjacent intervals in each family', () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const s = setOf(list);
        for (const family of [4, 6] as const) {
          const iv = s.intervals(family);
          for (const [a, b] of iv) expect(a <= b).toBe(true);
          for (let i = 1; i < iv.length; i++) expect(iv[i]![0] > iv[i - 1]![1] + 1n).toBe(true);
        }
      }),
    );
  });

  it('holds exactly the addresses of its networks, whatever the spelling', () => {
    fc.assert(
      fc.property(listArb, (list) => {
        expect(modelOf(setOf(list))).toEqual(model(list));
        expect(setOf(list).equals(AddressSet.parse(list.map(plain)))).toBe(true);
      }),
    );
  });

  it('agrees with the model for union, intersection, difference, containment and overlap', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const sa = setOf(a);
        const sb = setOf(b);
        const ma = model(a);
        const mb = model(b);
        expect(modelOf(sa.union(sb))).toEqual(new Set([...ma, ...mb]));
        expect(modelOf(sa.intersect(sb))).toEqual(new Set([...ma].filter((x) => mb.has(x))));
        expect(modelOf(sa.difference(sb))).toEqual(new Set([...ma].filter((x) => !mb.has(x))));
        expect(sa.contains(sb)).toBe([...mb].every((x) => ma.has(x)));
        expect(sa.overlaps(sb)).toBe([...mb].some((x) => ma.has(x)));
      }),
      { numRuns: 500 },
    );
  });

  it('takes out and keeps single addresses exactly (one-address gaps and edges)', () => {
    const hostArb = netArb.map((n) => ({ ...n, len: 8 }));
    fc.assert(
      fc.property(listArb, hostArb, (a, h) => {
        const [key] = model([h]);
        const without = new Set(model(a));
        without.delete(key!);
        expect(modelOf(setOf(a).difference(setOf([h])))).toEqual(without);
        expect(setOf(a).has(h.family, (h.family === 4 ? V4_BASE : V6_BASE) + BigInt(h.host))).toBe(
          model(a).has(key!),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('satisfies the set laws', () => {
    fc.assert(
      fc.property(listArb, listArb, listArb, (a, b, c) => {
        const [x, y, z] = [setOf(a), setOf(b), setOf(c)];
        expect(x.union(y).equals(y.union(x))).toBe(true);
        expect(x.intersect(y).equals(y.intersect(x))).toBe(true);
        expect(x.union(y.union(z)).equals(x.union(y).union(z))).toBe(true);
        expect(x.intersect(y.union(z)).equals(x.intersect(y).union(x.intersect(z)))).toBe(true);
        expect(x.difference(y).intersect(y).isEmpty).toBe(true);
        expect(x.difference(y).union(x.intersect(y)).equals(x)).toBe(true);
        expect(x.union(y).contains(x)).toBe(true);
        expect(x.contains(x.intersect(y))).toBe(true);
        expect(AddressSet.unionOf([x, y, z]).equals(x.union(y).union(z))).toBe(true);
        expect(AddressSet.any.difference(x).union(x).isAny).toBe(true);
        expect(x.union(AddressSet.any).isAny).toBe(true);
      }),
    );
  });

  it('round-trips through its minimal CIDRs, and its key depends on the addresses only', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const s = setOf(a);
        expect(AddressSet.parse(s.allCidrs()).equals(s)).toBe(true);
        expect(AddressSet.parse(s.hostForms()).equals(s)).toBe(true);
        expect(AddressSet.unionOf(s.blocks()).equals(s)).toBe(true);
        expect(s.blocks()).toHaveLength(s.allCidrs().length);
        expect(setOf(b).key() === s.key()).toBe(setOf(b).equals(s));
      }),
    );
  });
});

describe('AddressSet against cidr-tools', () => {
  it('merges to the fewest CIDRs, and subtracts, contains and overlaps like cidr-tools', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const sa = setOf(a);
        const sb = setOf(b);
        const pa = a.map(plain);
        const pb = b.map(plain);
        const merged = pa.length > 0 ? mergeCidr(pa) : [];
        expect(new Set(sa.allCidrs())).toEqual(new Set(merged.map(withPrefix)));
        expect(sa.allCidrs()).toHaveLength(merged.length);
        if (pa.length > 0 && pb.length > 0) {
          expect(sa.difference(sb).equals(AddressSet.parse(excludeCidr(pa, pb)))).toBe(true);
          // cidr-tools asks whether one of the listed networks holds each of the others, not their union
          // (2001:db8::/121 and 2001:db8::80/121 together hold 2001:db8::/120): give it the merged list.
          expect(sa.contains(sb)).toBe(containsCidr(merged, pb));
          expect(sa.overlaps(sb)).toBe(overlapCidr(pa, pb));
        }
      }),
    );
  });

  it('agrees on networks anywhere in either address space', () => {
    const wide = fc
      .record({ v4: fc.bigInt(0n, (1n << 32n) - 1n), v6: fc.bigInt(0n, (1n << 128n) - 1n), len: fc.nat(128) })
      .map(({ v4, v6, len }) => {
        const set = AddressSet.fromIntervals([[v4, v4]], [[v6, v6]]);
        const [h4, h6] = set.allCidrs().map((c) => c.split('/')[0]!);
        return [`${h4}/${len % 33}`, `${h6}/${len}`];
      })
      // cidr-tools reads ::ffff:0:0/96 as IPv6; the mapped policy is tested on its own below.
      .filter(([, v6]) => {
        const parsed = parseNetwork(v6!);
        return parsed.ok && parsed.value.family === 6;
      });
    fc.assert(
      fc.property(fc.array(wide, { minLength: 1, maxLength: 4 }), (pairs) => {
        const cidrs = pairs.flat();
        expect(new Set(AddressSet.parse(cidrs).allCidrs())).toEqual(
          new Set(mergeCidr(cidrs).map(withPrefix)),
        );
      }),
    );
  });
});

/** cidr-tools writes a single address without its prefix; AddressSet.cidrs always carries one. */
function withPrefix(cidr: string): string {
  if (cidr.includes('/')) return cidr;
  return cidr.includes(':') ? `${cidr}/128` : `${cidr}/32`;
}

describe('IPv4-mapped IPv6 is IPv4', () => {
  it('reads a mapped host or a network inside ::ffff:0:0/96 as the IPv4 one, in any spelling', () => {
    for (const [mapped, v4] of [
      ['::ffff:192.0.2.11', '192.0.2.11'],
      ['::ffff:c000:20b', '192.0.2.11'],
      ['0:0:0:0:0:FFFF:192.0.2.11', '192.0.2.11'],
      ['::ffff:192.0.2.0/120', '192.0.2.0/24'],
      ['::ffff:0:0/96', '0.0.0.0/0'],
      ['::ffff:192.0.2.11/128', '192.0.2.11/32'],
    ] as const) {
      const set = AddressSet.parse([mapped]);
      expect(set.equals(AddressSet.parse([v4])), mapped).toBe(true);
      expect(set.hasFamily(6), mapped).toBe(false);
    }
    expect(AddressSet.parse(['::ffff:192.0.2.11']).host).toBe('192.0.2.11');
    const parsed = parseAddress('::ffff:192.0.2.11');
    expect(parsed.ok && parsed.value).toMatchObject({ family: 4, prefix: 32, mapped: true });
  });

  it('keeps wider IPv6 networks IPv6: they hold no IPv4 host, whatever its spelling', () => {
    const everything6 = AddressSet.parse(['::/0']);
    expect(everything6.hasFamily(4)).toBe(false);
    expect(everything6.contains(AddressSet.parse(['::ffff:192.0.2.11']))).toBe(false);
    expect(AddressSet.parse(['::ffff:192.0.2.0/95']).cidrs(6)).toEqual(['::fffe:0:0/95']);
    const wide = parseNetwork('::ffff:192.0.2.0/64');
    expect(wide.ok && wide.value.family).toBe(6);
    expect(wide.ok && hasHostBits(wide.value)).toBe(true);
  });

  it('states the network of a mapped CIDR with host bits in IPv4', () => {
    const parsed = parseNetwork('::ffff:192.0.2.5/120');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(hasHostBits(parsed.value)).toBe(true);
    expect(networkText(parsed.value)).toBe('192.0.2.0/24');
  });
});

describe('parsing', () => {
  it('accepts addresses, networks and any; formats hosts without their prefix', () => {
    const s = AddressSet.parse(['2001:db8::1', '2001:db8::/127', '192.0.2.1']);
    expect(s.cidrs(6)).toEqual(['2001:db8::/127']);
    expect(s.cidrs(4)).toEqual(['192.0.2.1/32']);
    expect(s.hostForms()).toEqual(['192.0.2.1', '2001:db8::/127']);
    expect(s.only(6).hasFamily(4)).toBe(false);
    expect(s.host).toBeUndefined();
    expect(AddressSet.parse(['2001:DB8:0::0:1']).host).toBe('2001:db8::1');
    expect(AddressSet.parse(['192.0.2.0/24', 'any']).isAny).toBe(true);
    expect(AddressSet.parse(['0.0.0.0/0', '::/0']).isAny).toBe(true);
    expect(AddressSet.parse(['0.0.0.0/0']).isAny).toBe(false);
    expect(AddressSet.any.key()).toBe('any');
    expect(JSON.stringify({ a: AddressSet.any, b: AddressSet.parse(['192.0.2.9']) })).toBe(
      '{"a":["any"],"b":["192.0.2.9/32"]}',
    );
    // The set holds the network; the validator reports the host bits (hasHostBits).
    expect(AddressSet.parse(['192.0.2.9/24']).cidrs(4)).toEqual(['192.0.2.0/24']);
    expect(AddressSet.hostForm('2001:db8::1/128')).toBe('2001:db8::1');
    expect(AddressSet.hostForm('192.0.2.0/24')).toBe('192.0.2.0/24');
  });

  it('rejects what firewalls would read differently, with a reason', () => {
    const cases: Array<[string, (t: string) => ReturnType<typeof parseAddress>, RegExp]> = [
      ['10.1', parseAddress, /four decimal numbers/],
      ['0x7f.0.0.1', parseAddress, /four decimal numbers/],
      ['192.0.2.011', parseAddress, /leading zeros/],
      ['192.0.2.300', parseAddress, /four decimal numbers/],
      ['::ffff:192.0.2.011', parseAddress, /IPv4 part "192.0.2.011"/],
      ['fe80::1%eth0', parseAddress, /zone index/],
      ['pool01.contoso.com', parseAddress, /not an IPv4 or IPv6 address/],
      ['1::2::3', parseAddress, /not a valid IPv6 address/],
      [' 192.0.2.5', parseAddress, /not an IPv4 or IPv6/],
      ['192.0.2.5/32', parseAddress, /no \/prefix/],
      ['192.0.2.0', parseNetwork, /needs a \/prefix/],
      ['192.0.2.0/33', parseNetwork, /at most 32 bits/],
      ['2001:db8::/129', parseNetwork, /at most 128 bits/],
      ['192.0.2.0/x', parseNetwork, /not a number of bits/],
      ['10.1/8', parseNetwork, /four decimal numbers/],
    ];
    for (const [input, parse, reason] of cases) {
      const parsed = parse(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error.input, input).toBe(input);
        expect(parsed.error.reason, input).toMatch(reason);
      }
    }
    expect(parseAddressOrNetwork('2001:db8::/64').ok).toBe(true);
    expect(() => AddressSet.parse(['pool01.contoso.com'])).toThrow(AddressSyntaxError);
    expect(() => AddressSet.parse(['192.0.2.0/33'])).toThrow(/"192.0.2.0\/33" is not an IPv4 or IPv6/);
    expect(() => AddressSet.fromIntervals([[0n, 1n << 32n]], [])).toThrow(RangeError);
  });
});
