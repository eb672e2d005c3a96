import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// The web app lives in web/ and builds to web/dist, which the server serves with an SPA fallback.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    // The fund page's verifier reuses the server's pure canonical encoding of ledger entries.
    alias: { '@ledger': path.resolve(here, '../src/modules/ledger') },
  },
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/files': 'http://localhost:3000' },
  },
});
