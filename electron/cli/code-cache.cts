/**
 * Loads the bundled command line (CommonJS, dist/bundle/cli) with V8's code cache.
 *
 * Node 20 compiles every script from source at each start (module.enableCompileCache
 * came with Node 22). For the CLI that was about 70 ms of a 0.4 s sync of 100 k rows. So
 * each bundle file is compiled through vm.Script with the cache V8 produced for it the
 * last time, and a file without a usable cache gets one written when the command ends,
 * holding every function the command compiled. V8 checks that a cache matches its
 * source, its own version and flags, and ignores one that does not (it is rewritten).
 * Caches are kept per command (a sync compiles other functions than --help). Any
 * problem with the cache only costs the time it would have saved.
 */
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');
import { isAscii } from 'node:buffer';

interface Pending {
  script: vm.Script;
  file: string;
}

/** Module internals this relies on: stable for many major versions (v8-compile-cache hooks the same). */
interface ModuleInternals {
  prototype: { _compile(this: NodeModule, content: string, filename: string): unknown };
  _extensions: Record<string, (module: NodeModule & { _compile(content: string, filename: string): unknown }, filename: string) => unknown>;
  wrap(script: string): string;
}

/**
 * A bundle file's source. The bundle is written in ASCII (scripts/build/bundle-cli.js),
 * which read as Latin-1 is the same text, made ~6x faster than by decoding UTF-8: 3-4 ms
 * of every sync's start for the MySQL driver's 1.1 MB. Any other file is decoded as UTF-8.
 */
function readSource(filename: string): string {
  const bytes = fs.readFileSync(filename);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export interface LoadedCli {
  exports: unknown;
  /** Writes the caches this run produced; call once the command is done. */
  save(): void;
}

const DYNAMIC_IMPORT = /\bimport\(/;

export function loadWithCodeCache(entry: string, cacheDir: string): LoadedCli {
  const bundleDir = path.dirname(entry) + path.sep;
  const internals = Module as unknown as ModuleInternals;
  const plainCompile = internals.prototype._compile;
  const pending: Pending[] = [];
  // Node's own .js handler (which also loads .cjs) reads every file as UTF-8.
  const plainJs = internals._extensions['.js']!;
  internals._extensions['.js'] = function (module, filename) {
    if (!filename.startsWith(bundleDir)) return plainJs.call(this, module, filename);
    return module._compile(readSource(filename), filename);
  };
  internals.prototype._compile = function (this: NodeModule, content: string, filename: string) {
    // Node 20 loses a cached script's import() hook ("A dynamic import callback was not
    // specified"), so the few files that import() outside the bundle (PGlite, an optional
    // driver) are compiled the usual way.
    if (!filename.startsWith(bundleDir) || DYNAMIC_IMPORT.test(content)) return plainCompile.call(this, content, filename);
    const file = path.join(cacheDir, `${path.basename(filename)}.v8cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(internals.wrap(content), {
      filename,
      cachedData,
    });
    if (!cachedData || script.cachedDataRejected) pending.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  const exports: unknown = require(entry);
  return {
    exports,
    save() {
      if (pending.length === 0) return;
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        for (const { script, file } of pending.splice(0)) {
          // Written aside and renamed, so a CLI starting meanwhile never reads half a cache.
          const partial = `${file}.${process.pid}.tmp`;
          fs.writeFileSync(partial, script.createCachedData());
          fs.renameSync(partial, file);
        }
      } catch {
        // A read-only installation runs without the cache.
      }
    },
  };
}
