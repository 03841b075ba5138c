import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a request path onto a file under root, or null when the path is malformed or
 * would leave root (../, encoded ../, backslashes, NUL). Paths without an extension
 * fall back to index.html, so a reload on a client-side route still shows the app.
 */
export function resolveStaticPath(root: string, requestPath: string): string | null {
  const pathname = requestPath.split('?')[0]!.split('#')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (!decoded.startsWith('/')) return null;
  // Any '..' segment is refused outright rather than normalised away.
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const base = path.resolve(root);
  const relative = decoded === '/' || path.extname(decoded) === '' ? '/index.html' : decoded;
  const full = path.resolve(base, '.' + relative);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  return full;
}

export type StaticFile = { file: string; size: number; mimeType: string; open(): NodeJS.ReadableStream };

/** The file for a request path, or null when there is none (or the path is refused). */
export async function findStaticFile(root: string, requestPath: string): Promise<StaticFile | null> {
  const file = resolveStaticPath(root, requestPath);
  if (!file) return null;
  const info = await stat(file).catch(() => null);
  if (!info || !info.isFile()) return null;
  return { file, size: info.size, mimeType: mimeTypeFor(file), open: () => createReadStream(file) };
}
