import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { builtinModules } from 'node:module';
import path from 'node:path';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../electron/host/app-paths.js';
import { buildNodeDist } from '../../electron/host/testing/build-dist.js';
import { CLI_EXTERNAL_PACKAGES } from './cli-externals.js';

/**
 * The CLI starts from dist/bundle/cli: zod, mysql2, pg and ours in a few files instead of
 * about 300 modules resolved and read one by one. What would quietly undo that is a
 * package left outside the bundle, so every module the bundle still asks Node for must be
 * one of Node's own or one of the few kept outside on purpose (cli-externals.js says why).
 */
const bundleDir = path.join(appRoot(), 'dist', 'bundle', 'cli');
const keptOutside = CLI_EXTERNAL_PACKAGES;

function isBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || builtinModules.includes(spec) || builtinModules.includes(spec.split('/')[0]!);
}

/** Package names the bundled files import or require at run time. */
function packagesAskedFor(): string[] {
  const specs = new Set<string>();
  for (const file of readdirSync(bundleDir).filter((f) => f.endsWith('.cjs'))) {
    const js = readFileSync(path.join(bundleDir, file), 'utf8');
    // As rolldown writes them (double quotes); a message that mentions require('x') is not a load.
    const patterns = [/\brequire\("([^".][^"]*)"\)/g, /\bimport\("([^".][^"]*)"\)/g];
    for (const re of patterns) for (const m of js.matchAll(re)) specs.add(m[1]!);
  }
  return [...specs].filter((s) => !isBuiltin(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
}

describe('the bundled command-line tool', () => {
  beforeAll(async () => {
    await buildNodeDist();
  }, 300_000);

  it('carries its packages inside, apart from the few that must load from node_modules', () => {
    const asked = packagesAskedFor();
    for (const p of asked) expect(keptOutside, `the bundle loads ${p} from node_modules`).toContain(p);
    // The scan itself must see imports: the bundle does load PGlite lazily from outside.
    expect(asked).toContain('@electric-sql/pglite');
  });

  it('has the drivers and the contract in it', () => {
    const all = readdirSync(bundleDir).filter((f) => f.endsWith('.cjs')).map((f) => readFileSync(path.join(bundleDir, f), 'utf8')).join('\n');
    // A string each package holds and ours never writes: proof the code itself is inside.
    expect(all).toContain('caching_sha2_password'); // mysql2's authentication
    expect(all).toContain('SCRAM-SHA-256'); // pg's authentication
    expect(all).toContain('$ZodType'); // zod
  });

  it('is written in ASCII, which the CLI reads faster, with the non-ASCII text it holds intact', () => {
    const files = readdirSync(bundleDir).filter((f) => f.endsWith('.cjs'));
    for (const file of files) {
      const bytes = readFileSync(path.join(bundleDir, file));
      expect(bytes.every((b) => b < 0x80), `${file} has non-ASCII bytes`).toBe(true);
    }
    // The escapes mean the text they replace: the CLI's banner says its dash, and the binary
    // COPY signature (a 0xFF byte in a Latin-1 string) still comes out byte for byte.
    expect(execFileSync(process.execPath, [path.join(appRoot(), 'bin', 'etl-studio.js'), '--help'], { encoding: 'utf8' })).toMatch(/^ETL Studio \S+ \u2014 incremental/);
    const sync = files.map((f) => readFileSync(path.join(bundleDir, f), 'latin1')).find((js) => js.includes('const SIGNATURE = Buffer.from('));
    const literal = /const SIGNATURE = (Buffer\.from\("[^"]*", "latin1"\))/.exec(sync ?? '')?.[1];
    expect(literal, 'the COPY signature in the bundle').toBeDefined();
    expect([...(new Function(`return ${literal}`)() as Buffer)]).toEqual([...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')]);
  });
});

/**
 * Runs `etl-studio profiles test URL` from the bundle in a fresh Node and lists the fetch
 * modules and the on-demand ones (tls, zlib, dns: bundle-cli.js) that Node loaded.
 */
function fetchModulesLoadedByConnecting(url: string): Promise<{ code: number; out: string; undici: string[]; onDemand: string[] }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'etl-bundle-'));
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(bundleDir, 'main.cjs')).href)});
    const code = await main(['profiles', 'test', process.argv[1], '--data-dir', process.argv[2]]);
    process.stdout.write('\\n' + JSON.stringify({ code, undici: process.moduleLoadList.filter((m) => m.includes('undici')),
      onDemand: process.moduleLoadList.filter((m) => /^NativeModule (tls|zlib|dns)$/.test(m)) }));
    process.exit(0);`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script, url, dataDir], { timeout: 60_000 }, (err, stdout) => {
      rmSync(dataDir, { recursive: true, force: true });
      if (err) return reject(err);
      const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as { code: number; undici: string[]; onDemand: string[] };
      resolve({ code: last.code, out: stdout, undici: last.undici, onDemand: last.onDemand });
    });
  });
}

describe('the bundled drivers', () => {
  beforeAll(async () => {
    await buildNodeDist();
  }, 300_000);

  it("connect to PostgreSQL without loading Node's fetch (pg's Cloudflare probe answered at build time), tls or dns", async () => {
    const { code, out, undici, onDemand } = await fetchModulesLoadedByConnecting(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres');
    expect(code, out).toBe(0);
    expect(out).toContain('Connected: PostgreSQL');
    expect(undici).toEqual([]);
    expect(onDemand).toEqual([]);
  });

  it("connect to MariaDB without loading Node's fetch", async () => {
    // Any account may open information_schema.
    const url = new URL(process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/');
    url.pathname = '/information_schema';
    const { code, out, undici, onDemand } = await fetchModulesLoadedByConnecting(url.href);
    expect(code, out).toBe(0);
    expect(out).toMatch(/Connected: (MariaDB|MySQL)/);
    expect(undici).toEqual([]);
    // mysql2 asks for tls and zlib as it loads; the bundle hands them over on first use.
    expect(onDemand).toEqual([]);
  });

  it('connect to a MySQL server over TLS (mysql2 gets tls on first use)', async () => {
    const server = await fakeMysqlOverTls();
    try {
      const { code, out, onDemand } = await fetchModulesLoadedByConnecting(`mysql://someone:secret@127.0.0.1:${server.port}/shop?sslmode=require`);
      expect(code, out).not.toBe(0);
      // The server's refusal came back through the encrypted channel the client opened.
      expect(out).toMatch(/wrong user name or password/);
      expect(server.answeredOverTls()).toBe(true);
      expect(onDemand).toContain('NativeModule tls');
    } finally {
      await server.close();
    }
  });

  it('name the server errors they meet (mysql2 reads its table of error names on first use)', async () => {
    const url = new URL(process.env.ETL_TEST_MYSQL_URL ?? 'mysql://etl:etl@127.0.0.1:3306/');
    url.password = 'not-the-password';
    url.pathname = '/information_schema';
    const pg = new URL(process.env.ETL_TEST_PG_URL ?? 'postgres://etl:etl@127.0.0.1:5432/postgres');
    pg.password = 'not-the-password';
    for (const bad of [url.href, pg.href]) {
      const { code, out } = await fetchModulesLoadedByConnecting(bad);
      expect(code, out).not.toBe(0);
      expect(out).toMatch(/wrong user name or password/);
    }
  });
});

/**
 * Just enough of a MySQL server to take a client into TLS: a greeting that offers SSL,
 * the client's SSL request, a TLS handshake with a throwaway self-signed certificate,
 * then the client's login read over TLS and refused (error 1045).
 */
async function fakeMysqlOverTls(): Promise<{ port: number; answeredOverTls(): boolean; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'etl-fake-mysql-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const secureContext = tls.createSecureContext({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) });
  rmSync(dir, { recursive: true, force: true });
  const packet = (seq: number, payload: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUIntLE(payload.length, 0, 3);
    head[3] = seq;
    return Buffer.concat([head, payload]);
  };
  // LONG_PASSWORD | CONNECT_WITH_DB | PROTOCOL_41 | SSL | TRANSACTIONS | SECURE_CONNECTION | PLUGIN_AUTH
  const caps = 0x1 | 0x8 | 0x200 | 0x800 | 0x2000 | 0x8000 | 0x80000;
  const u16 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
  const greeting = Buffer.concat([
    Buffer.from([10]), Buffer.from('8.0.99-fake\0'), Buffer.from([1, 0, 0, 0]), Buffer.alloc(8, 0x41), Buffer.from([0]),
    u16(caps & 0xffff), Buffer.from([0x21]), u16(2), u16(caps >>> 16), Buffer.from([21]), Buffer.alloc(10),
    Buffer.alloc(12, 0x42), Buffer.from([0]), Buffer.from('mysql_native_password\0'),
  ]);
  const refusal = Buffer.concat([Buffer.from([0xff]), u16(1045), Buffer.from("#28000Access denied for user 'someone'@'localhost' (using password: YES)")]);
  let overTls = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.write(packet(0, greeting));
    // The SSL request: a 32-byte packet, after which the client starts TLS on the same socket.
    socket.once('data', () => {
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
      secure.on('error', () => undefined);
      secure.once('data', (login) => {
        overTls = login.length > 4 && login[3] === 2;
        secure.end(packet(3, refusal));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    answeredOverTls: () => overTls,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("pg's crypto helpers on node:crypto (pg-node-crypto.cjs, swapped in by the bundle)", () => {
  type Helpers = {
    postgresMd5PasswordHash(user: string, password: string, salt: Buffer): Promise<string>;
    deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer | Buffer>;
    sha256(data: ArrayBuffer | Buffer): Promise<ArrayBuffer | Buffer>;
    hashByName(name: string, data: Buffer): Promise<ArrayBuffer | Buffer>;
    hmacSha256(key: ArrayBuffer | Buffer, message: string): Promise<ArrayBuffer | Buffer>;
    md5(data: string): Promise<string>;
    randomBytes(n: number): Uint8Array;
  };
  const load = (file: string) => import(pathToFileURL(file).href).then((m: { default: Helpers }) => m.default);
  const hex = (b: ArrayBuffer | Buffer) => Buffer.from(b as ArrayBuffer).toString('hex');

  it("give the same bytes as pg's Web Crypto ones at every step of a SCRAM-SHA-256 and an MD5 login", async () => {
    const ours = await load(path.join(appRoot(), 'scripts', 'build', 'pg-node-crypto.cjs'));
    const pgs = await load(path.join(appRoot(), 'node_modules', 'pg', 'lib', 'crypto', 'utils.js'));
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const salted = [await ours.deriveKey('pencil', salt, 4096), await pgs.deriveKey('pencil', salt, 4096)] as const;
    expect(hex(salted[0])).toBe(hex(salted[1]));
    const clientKey = [await ours.hmacSha256(salted[0], 'Client Key'), await pgs.hmacSha256(salted[1], 'Client Key')] as const;
    expect(hex(clientKey[0])).toBe(hex(clientKey[1]));
    expect(hex(await ours.sha256(clientKey[0]))).toBe(hex(await pgs.sha256(clientKey[1])));
    // RFC 7677's example: the stored key of user "user" with password "pencil".
    expect(Buffer.from((await ours.sha256(clientKey[0])) as ArrayBuffer).toString('base64')).toBe('WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=');
    const cert = Buffer.from('a certificate');
    expect(hex(await ours.hashByName('SHA-256', cert))).toBe(hex(await pgs.hashByName('SHA-256', cert)));
    expect(hex(await ours.hashByName('SHA-512', cert))).toBe(hex(await pgs.hashByName('SHA-512', cert)));
    expect(await ours.md5('secretuser')).toBe(await pgs.md5('secretuser'));
    const md5Salt = Buffer.from([1, 2, 3, 4]);
    expect(await ours.postgresMd5PasswordHash('etl', 'secret', md5Salt)).toBe(await pgs.postgresMd5PasswordHash('etl', 'secret', md5Salt));
    expect(ours.randomBytes(18)).toHaveLength(18);
  });
});
