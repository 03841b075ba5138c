import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../../generator/prng.js';

const PATHS = ['/index.html', '/images/logo.png', '/presentations/logstash/', '/robots.txt', '/search?q=a%20b', '/blog/2015/05/a-post/'];
const AGENTS = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/38.0', 'Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/7.38.0', '-'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `count` combined-format lines with varied IPs, times, zones, statuses and byte counts. */
export function* generateLogLines(seed: number, count: number): Generator<string> {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const pad = (n: number) => String(n).padStart(2, '0');
  for (let i = 0; i < count; i++) {
    const ip = `${1 + Math.floor(rnd() * 222)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    const zone = pick(['+0000', '-0700', '+0530', '+0100']);
    const time = `${pad(1 + Math.floor(rnd() * 28))}/${pick(MONTHS)}/2015:${pad(Math.floor(rnd() * 24))}:${pad(Math.floor(rnd() * 60))}:${pad(Math.floor(rnd() * 60))} ${zone}`;
    const bytes = rnd() < 0.1 ? '-' : String(Math.floor(rnd() * 500_000));
    const status = pick(['200', '200', '200', '304', '404', '500']);
    yield `${ip} - - [${time}] "GET ${pick(PATHS)} HTTP/1.1" ${status} ${bytes} "-" "${pick(AGENTS)}"`;
  }
}

/** Writes generated lines to a file, with backpressure. */
export async function writeLogFile(file: string, seed: number, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (const line of generateLogLines(seed, count)) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
