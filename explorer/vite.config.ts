import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The graph explorer: `npm run build:explorer` bundles explorer/ into dist/explorer, which the
 * server serves at /explorer (src/server/explorer.ts); `npm run dev:explorer` serves it with hot
 * reload at http://127.0.0.1:5173/explorer/, sending /graphql to the server on port 4000.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Absolute: the page lives at /explorer (no trailing slash), where relative URLs would miss /explorer/.
  base: '/explorer/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/explorer', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No data: URLs: the page's CSP allows images from its own origin only.
    assetsInlineLimit: 0,
    // Cytoscape alone is about 450 kB minified (130 kB gzipped, as served).
    chunkSizeWarningLimit: 700,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/graphql': 'http://127.0.0.1:4000' },
  },
});
