import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  optionsRequest,
  parseResponse,
  parseStatusLine,
  readHead,
  answerRequest as sipAnswer,
} from '../../src/probe/sip.js';
import {
  enumerateRequest,
  instanceRequest,
  parseReply as parseSqlReply,
  encodeReply as sqlReply,
} from '../../src/probe/sql-browser.js';
import {
  ATTR,
  bindingRequest,
  decodeStun,
  encodeStun,
  MSTURN_COOKIE,
  msTurnAllocateRequest,
  RFC5389_COOKIE,
  readReply,
  answerRequest as stunAnswer,
} from '../../src/probe/stun.js';
import { parseTargetSpec } from '../../src/probe/target-spec.js';

const bytes = fc.uint8Array({ maxLength: 600 });

describe('STUN and MS-TURN', () => {
  it('builds an RFC 5389 Binding with the magic cookie in the header, padded by SOFTWARE', () => {
    const req = bindingRequest();
    expect(req.length).toBe(20 + 4 + 128);
    expect(decodeStun(req)!.attributes.map((a) => a.type)).toEqual([ATTR.software]);
    expect(req.readUInt16BE(0)).toBe(0x0001);
    expect(req.readUInt32BE(4)).toBe(RFC5389_COOKIE);
  });

  it('builds an MS-TURN Allocate whose first attribute is MAGIC-COOKIE', () => {
    const req = msTurnAllocateRequest();
    expect(req.readUInt16BE(0)).toBe(0x0003);
    expect(req.readUInt16BE(2)).toBe(8 + 4 + 128);
    expect(req.readUInt16BE(20)).toBe(ATTR.magicCookie);
    expect(req.readUInt32BE(24)).toBe(MSTURN_COOKIE);
  });

  it('reads our responder answer to a Binding, with the token in SOFTWARE', () => {
    const req = bindingRequest();
    const answer = stunAnswer(req, 'sfbports-listen abc', { address: '127.0.0.1', port: 40000 })!;
    const reply = readReply(answer, req)!;
    expect(reply).toMatchObject({
      className: 'success',
      dialect: 'rfc5389',
      software: 'sfbports-listen abc',
    });
  });

  it('answers an MS-TURN Allocate with 401 and MAGIC-COOKIE first, as an Edge does', () => {
    const req = msTurnAllocateRequest();
    const answer = stunAnswer(req, 'x')!;
    expect(answer.readUInt16BE(0)).toBe(0x0113);
    expect(decodeStun(answer)!.attributes[0]!.type).toBe(ATTR.magicCookie);
    expect(readReply(answer, req)).toMatchObject({ className: 'error', dialect: 'ms-turn', errorCode: 401 });
  });

  it('ignores a reply to another transaction', () => {
    const answer = stunAnswer(bindingRequest(), 'x')!;
    expect(readReply(answer, bindingRequest())).toBeUndefined();
  });

  it('rejects truncated and overrunning messages', () => {
    const req = bindingRequest();
    const answer = stunAnswer(req, 'sfbports-listen t')!;
    for (let n = 0; n < answer.length; n++) expect(readReply(answer.subarray(0, n), req)).toBeUndefined();
    const overrun = Buffer.from(answer);
    overrun.writeUInt16BE(0xfff0, 22); // first attribute claims more bytes than there are
    expect(decodeStun(overrun)).toBeUndefined();
  });

  it('never throws on arbitrary bytes', () => {
    const req = bindingRequest();
    fc.assert(
      fc.property(bytes, (b) => {
        decodeStun(b);
        readReply(b, req);
        stunAnswer(b, 'x', { address: '::1', port: 1 });
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any well-formed message', () => {
    const attr = fc.record({
      type: fc.integer({ min: 0, max: 0xffff }),
      value: fc.uint8Array({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0x3fff }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(attr, { maxLength: 6 }),
        (type, id, attrs) => {
          const message = {
            type,
            transactionId: Buffer.from(id),
            attributes: attrs.map((a) => ({ type: a.type, value: Buffer.from(a.value) })),
          };
          const decoded = decodeStun(encodeStun(message))!;
          expect(decoded.type).toBe(type);
          expect(decoded.attributes.map((a) => [a.type, [...a.value]])).toEqual(
            message.attributes.map((a) => [a.type, [...a.value]]),
          );
        },
      ),
    );
  });
});

describe('SQL Server Browser', () => {
  it('asks with CLNT_UCAST_EX and CLNT_UCAST_INST', () => {
    expect([...enumerateRequest()]).toEqual([0x03]);
    expect([...instanceRequest('RTC')]).toEqual([0x04, 0x52, 0x54, 0x43, 0x00]);
  });

  it('reads an SVR_RESP with its instances', () => {
    const text =
      'ServerName;SQL01;InstanceName;RTC;IsClustered;No;Version;15.0.2000.5;tcp;1433;;ServerName;SQL01;InstanceName;RTCLOCAL;IsClustered;No;Version;15.0.2000.5;tcp;50123;;';
    const reply = Buffer.concat([
      Buffer.from([0x05, text.length & 0xff, text.length >> 8]),
      Buffer.from(text, 'latin1'),
    ]);
    const parsed = parseSqlReply(reply)!;
    expect(parsed.instances.map((i) => [i.instanceName, i.tcpPort])).toEqual([
      ['RTC', 1433],
      ['RTCLOCAL', 50123],
    ]);
  });

  it('rejects a wrong type byte and a length that overruns', () => {
    expect(parseSqlReply(Buffer.from([0x06, 1, 0, 0x41]))).toBeUndefined();
    expect(parseSqlReply(Buffer.from([0x05, 10, 0, 0x41]))).toBeUndefined();
  });

  it('our reply carries the proof and parses', () => {
    const parsed = parseSqlReply(sqlReply('sfbports-listen', 'proof'))!;
    expect(parsed.instances[0]!.version).toBe('sfbports proof');
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(bytes, (b) => void parseSqlReply(b)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.string(),
        (s) =>
          void parseSqlReply(
            Buffer.concat([Buffer.from([5, s.length & 255, s.length >> 8]), Buffer.from(s)]),
          ),
      ),
    );
  });
});

describe('SIP', () => {
  it('parses status lines', () => {
    expect(parseStatusLine('SIP/2.0 200 OK')).toEqual({ statusCode: 200, reason: 'OK' });
    expect(parseStatusLine('SIP/2.0 403 Forbidden here')).toEqual({
      statusCode: 403,
      reason: 'Forbidden here',
    });
    expect(parseStatusLine('HTTP/1.1 200 OK')).toBeUndefined();
    expect(parseStatusLine('SIP/2.0 999 Nope')).toBeUndefined();
  });

  it('reads the Server header of a response, waiting for the blank line', () => {
    const text = 'SIP/2.0 200 OK\r\nVia: x\r\nServer: RTC/7.0\r\nContent-Length: 0\r\n\r\n';
    expect(parseResponse(text.slice(0, 30))).toBe('incomplete');
    expect(parseResponse(text)).toEqual({ statusCode: 200, reason: 'OK', server: 'RTC/7.0' });
    expect(parseResponse('garbage\r\n\r\n')).toBeUndefined();
  });

  it('our answer to our OPTIONS is a 200 with the token', () => {
    const req = optionsRequest({ host: '192.0.2.11', port: 5061, transport: 'TLS' });
    const head = readHead(req);
    if (head === undefined || head === 'incomplete') throw new Error('request did not parse');
    const answer = sipAnswer(head, () => 'proof')!;
    expect(parseResponse(answer)).toEqual({ statusCode: 200, reason: 'OK', server: 'sfbports-listen' });
    const withNonce = readHead(
      optionsRequest({ host: '192.0.2.11', port: 5061, transport: 'TLS', nonce: 'n'.repeat(32) }),
    );
    if (withNonce === undefined || withNonce === 'incomplete') throw new Error('request did not parse');
    expect(parseResponse(sipAnswer(withNonce, (n) => `p-${n.length}`)!)).toMatchObject({ proof: 'p-32' });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        parseResponse(s);
        parseStatusLine(s);
        const head = readHead(s);
        if (head && head !== 'incomplete') sipAnswer(head, () => 't');
      }),
      { numRuns: 2000 },
    );
    fc.assert(fc.property(bytes, (b) => void parseResponse(Buffer.from(b).toString('latin1'))));
  });
});

describe('target specs', () => {
  it.each([
    ['pool01.contoso.com:5061', { host: 'pool01.contoso.com', ports: '5061' }],
    ['192.0.2.10:50000-50019/udp', { host: '192.0.2.10', ports: '50000-50019', transport: 'udp' }],
    ['[::1]:5061/TCP', { host: '::1', ports: '5061', transport: 'tcp' }],
    ['[2001:db8::1]:80,443', { host: '2001:db8::1', ports: '80,443' }],
  ])('parses %s', (text, expected) => {
    const r = parseTargetSpec(text);
    if (!r.ok) throw new Error(r.reason);
    expect({
      host: r.spec.host,
      ports: r.spec.ports.toString(),
      ...(r.spec.transport && { transport: r.spec.transport }),
    }).toEqual(expected);
  });

  it.each([
    'host',
    'host:',
    '::1:5061',
    '[::1]5061',
    '[::1:5061',
    'h:70000',
    'h:20-10',
    'h:5061/sctp',
    'bad host:1',
    'h:0',
    '[zz::1]:1',
  ])('rejects %s with a reason and a hint', (text) => {
    const r = parseTargetSpec(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.hint.length).toBeGreaterThan(0);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => void parseTargetSpec(s)),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom('h', '[::1]', '192.0.2.1'),
        fc.string({ maxLength: 20 }),
        (h, tail) => void parseTargetSpec(`${h}:${tail}`),
      ),
      { numRuns: 2000 },
    );
  });
});
