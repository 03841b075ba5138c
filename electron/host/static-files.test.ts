import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveStaticPath } from './static-files.js';

const root = path.resolve('/srv/app/dist/renderer');

describe('static file paths', () => {
  it('maps / and extension-less routes to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/?x=1')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/runs/42')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1a2b.js')).toBe(path.join(root, 'assets', 'app-1a2b.js'));
  });

  it('refuses every way out of the root', () => {
    for (const p of [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/..%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets\\..\\..\\package.json',
      '/index.html%00.js',
      '/%E0%A4%A',
      'package.json',
    ]) {
      expect(resolveStaticPath(root, p), p).toBeNull();
    }
  });

  it('names MIME types the browser enforces with nosniff', () => {
    expect(mimeTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('logo.SVG')).toBe('image/svg+xml');
    expect(mimeTypeFor('pglite.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('blob.bin')).toBe('application/octet-stream');
  });
});
