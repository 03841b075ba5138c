import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The dev server injects an inline React Refresh preamble that the strict meta CSP
 * would block, so the meta tag is dropped while serving; builds keep it.
 */
function devWithoutMetaCsp(): Plugin {
  return {
    name: 'etl-studio:dev-without-meta-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  // Relative base so the built index.html also loads over file:// in Electron.
  base: './',
  plugins: [react(), devWithoutMetaCsp()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The renderer imports the API contract from ../shared.
    fs: { allow: [repoRoot] },
  },
});
