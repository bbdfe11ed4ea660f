import { mergeCidr } from 'cidr-tools';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressSet, AddressSyntaxError } from '../../src/model/address-set.js';

// CIDRs inside 192.0.2.0/24, so a model of plain host numbers 0..255 stays cheap.
const cidrArb = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }))
  .map(([host, len]) => {
    const size = 2 ** (32 - len);
    return `192.0.2.${Math.floor(host / size) * size}/${len}`;
  });
const listArb = fc.array(cidrArb, { maxLength: 8 });

function hosts(cidrs: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const c of cidrs) {
    const [addr, len] = c.includes('/') ? c.split('/') : [c, '32'];
    const base = Number(addr!.split('.')[3]);
    for (let i = 0; i < 2 ** (32 - Number(len)); i++) out.add(base + i);
  }
  return out;
}

describe('AddressSet', () => {
  it('holds exactly the addresses it was given, as the fewest CIDRs (cidr-tools as oracle)', () => {
    fc.assert(
      fc.property(listArb, (list) => {
        const set = AddressSet.parse(list);
        expect(hosts(set.cidrs(4))).toEqual(hosts(list));
        if (list.length > 0) expect(set.cidrs(4)).toEqual(mergeCidr(list));
      }),
    );
  });

  it('union is exact and equality ignores spelling', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const u = AddressSet.parse(a).union(AddressSet.parse(b));
        expect(hosts(u.cidrs(4))).toEqual(new Set([...hosts(a), ...hosts(b)]));
        expect(u.equals(AddressSet.parse([...b, ...a]))).toBe(true);
      }),
    );
    expect(AddressSet.parse(['192.0.2.0/25', '192.0.2.128/25']).cidrs(4)).toEqual(['192.0.2.0/24']);
  });

  it('keeps IPv6 apart, handles any, and rejects what is not an address', () => {
    const s = AddressSet.parse(['2001:db8::1', '2001:db8::/127', '192.0.2.1']);
    expect(s.cidrs(6)).toEqual(['2001:db8::/127']);
    expect(s.cidrs(4)).toEqual(['192.0.2.1/32']);
    expect(s.only(6).hasFamily(4)).toBe(false);
    expect(AddressSet.parse(['192.0.2.0/24', 'any']).isAny).toBe(true);
    expect(AddressSet.parse(['192.0.2.9']).union(AddressSet.any).isAny).toBe(true);
    expect(AddressSet.parse(['192.0.2.9/24']).cidrs(4)).toEqual(['192.0.2.0/24']);
    expect(AddressSet.hostForm('192.0.2.1/32')).toBe('192.0.2.1');
    expect(AddressSet.hostForm('2001:db8::1/128')).toBe('2001:db8::1');
    expect(AddressSet.hostForm('192.0.2.0/24')).toBe('192.0.2.0/24');
    expect(() => AddressSet.parse(['pool01.contoso.com'])).toThrow(AddressSyntaxError);
    expect(() => AddressSet.parse(['192.0.2.0/33'])).toThrow(AddressSyntaxError);
  });
});
