import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteSearch } from './byte-search.js';
import { newFieldSpans, parseLine } from './parse-line.js';
import { fieldText, timeToIsoUtc } from './decode.js';
import { logFields, type LogFormat } from './fields.js';

/** Parses one line as the extractor does and returns its fields as text (null for "-" or absent). */
function parse(line: string, format: LogFormat = 'auto', upTo = logFields.length - 1) {
  const buf = Buffer.from(line, 'utf8');
  const search = new ByteSearch();
  search.reset(buf);
  const spans = newFieldSpans();
  const reason = parseLine(search, 0, buf.length, format, upTo, spans);
  if (reason) return { reason };
  const fields = Object.fromEntries(logFields.map((f, i) => [f, fieldText(buf, spans, i)]));
  const time = spans[6]! >= 0 || spans[7]! >= 0 ? timeToIsoUtc(buf, spans[6]!) : null;
  return { fields, iso: time };
}

const COMBINED =
  '83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)"';

describe('parseLine', () => {
  it('reads every field of a combined line', () => {
    const r = parse(COMBINED);
    expect(r.fields).toEqual({
      ip: '83.149.9.216', ident: null, user: null, time: '17/May/2015:10:05:03 +0000', method: 'GET',
      path: '/presentations/logstash-monitorama-2013/images/kibana-search.png', protocol: 'HTTP/1.1', status: '200',
      bytes: '203023', referrer: 'http://semicomplete.com/presentations/logstash-monitorama-2013/',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)',
    });
    expect(r.iso).toBe('2015-05-17T10:05:03Z');
  });

  it('reads a common line (no referrer or user agent) and a user name', () => {
    const r = parse('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326');
    expect(r.fields).toMatchObject({ ip: '127.0.0.1', user: 'frank', method: 'GET', path: '/apache_pb.gif', status: '200', bytes: '2326', referrer: null, userAgent: null });
  });

  it('converts a zone offset to UTC, across a day boundary', () => {
    expect(parse('1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1').iso).toBe('2000-10-10T20:55:36Z');
    expect(parse('1.2.3.4 - - [31/Dec/2015:23:30:00 -0100] "GET / HTTP/1.0" 200 1').iso).toBe('2016-01-01T00:30:00Z');
    expect(parse('1.2.3.4 - - [01/Mar/2016:01:00:00 +0530] "GET / HTTP/1.0" 200 1').iso).toBe('2016-02-29T19:30:00Z');
  });

  it('treats a byte count of "-" as no value', () => {
    const r = parse('180.76.5.152 - - [20/May/2015:12:05:25 +0000] "GET /robots.txt HTTP/1.1" 200 - "-" "Mozilla/5.0"');
    expect(r.fields?.bytes).toBeNull();
    expect(r.fields?.referrer).toBeNull();
    expect(r.fields?.userAgent).toBe('Mozilla/5.0');
  });

  it('keeps escaped quotes and backslashes inside quoted fields', () => {
    const r = parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a\\"b HTTP/1.1" 200 5 "-" "Agent \\"quoted\\" \\\\ end"');
    expect(r.fields?.path).toBe('/a"b');
    expect(r.fields?.userAgent).toBe('Agent "quoted" \\ end');
  });

  it('splits odd requests without losing them', () => {
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "-" 408 -').fields).toMatchObject({ method: null, path: null, protocol: null, status: '408' });
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /old" 200 1').fields).toMatchObject({ method: 'GET', path: '/old', protocol: null });
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a b c HTTP/1.1" 200 1').fields).toMatchObject({ path: '/a b c', protocol: 'HTTP/1.1' });
  });

  it('rejects the coursework\'s truncated line 8899 with a reason, but still reads its IP like cut', () => {
    const line = '46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html';
    expect(parse(line).reason).toBe('line ends inside the user agent (truncated: no closing quote)');
    expect(parse(line, 'auto', 0).fields?.ip).toBe('46.118.127.106');
    expect(parse(line, 'auto', 8).fields?.bytes).toBe('235');
  });

  it('says what is wrong with other malformed lines', () => {
    expect(parse('').reason).toBe('empty line');
    expect(parse('garbage').reason).toBe('no space after the client address');
    expect(parse('1.2.3.4 - - 17/May/2015 "GET / HTTP/1.1" 200 1').reason).toBe('no [timestamp] after the user field');
    expect(parse('1.2.3.4 - - [17/Foo/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1').reason).toBe('timestamp is not dd/Mon/yyyy:HH:MM:SS +zzzz');
    expect(parse('1.2.3.4 - - [31/Feb/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1').reason).toBe('timestamp is not dd/Mon/yyyy:HH:MM:SS +zzzz');
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" OK 1').reason).toBe('status is not a number');
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12x').reason).toBe('byte count is neither a number nor -');
    expect(parse('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1', 'combined').reason).toBe('line ends before the referrer (truncated, or not a combined log line)');
  });

  it('ignores a trailing carriage return', () => {
    expect(parse(`${COMBINED}\r`).fields?.userAgent).toBe('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)');
  });

  it('round-trips any field values written the way Apache escapes them', () => {
    const text = fc.string({ maxLength: 40 }).filter((s) => !/[\n\r]/.test(s));
    const token = fc.stringMatching(/^[A-Za-z0-9._:@%-]{1,20}$/).filter((s) => s !== '-');
    const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    fc.assert(
      fc.property(
        fc.record({
          ip: token, user: token, method: fc.stringMatching(/^[A-Z]{1,7}$/), path: fc.stringMatching(/^\/[^ \n\r]{0,30}$/),
          status: fc.integer({ min: 100, max: 599 }), bytes: fc.option(fc.nat(), { nil: null }),
          referrer: text.filter((s) => s !== '-'), userAgent: text.filter((s) => s !== '-'),
          epoch: fc.integer({ min: 0, max: 4_000_000_000 }), zone: fc.integer({ min: -12 * 60, max: 14 * 60 }),
        }),
        (v) => {
          const local = new Date(v.epoch * 1000 + v.zone * 60_000);
          const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
          const p = (n: number) => String(n).padStart(2, '0');
          const z = `${v.zone < 0 ? '-' : '+'}${p(Math.floor(Math.abs(v.zone) / 60))}${p(Math.abs(v.zone) % 60)}`;
          const time = `${p(local.getUTCDate())}/${months[local.getUTCMonth()]}/${local.getUTCFullYear()}:${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())} ${z}`;
          const line = `${v.ip} - ${v.user} [${time}] "${esc(`${v.method} ${v.path} HTTP/1.1`)}" ${v.status} ${v.bytes ?? '-'} "${esc(v.referrer)}" "${esc(v.userAgent)}"`;
          const r = parse(line, 'combined');
          expect(r.reason).toBeUndefined();
          expect(r.fields).toEqual({
            ip: v.ip, ident: null, user: v.user, time, method: v.method, path: v.path, protocol: 'HTTP/1.1',
            status: String(v.status), bytes: v.bytes === null ? null : String(v.bytes), referrer: v.referrer, userAgent: v.userAgent,
          });
          expect(r.iso).toBe(new Date(v.epoch * 1000).toISOString().replace('.000Z', 'Z'));
        },
      ),
      { numRuns: 300, seed: 20150517 },
    );
  });
});
