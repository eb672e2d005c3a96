import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, 'dist');

/**
 * What a phone on a slow line needs from the build, beyond the chunks:
 * - the stylesheet inlined into index.html (3.7 KB gzip: cheaper than a render-blocking request), and no
 *   modulepreload links (main.tsx asks for the app's chunks after the first paint);
 * - every asset also as .br and .gz, which the server sends as they are (@fastify/static preCompressed);
 * - the server's first render of the public pages (src/entry-server.tsx → dist/server/entry-server.js),
 *   built after the client so `vite build` and the tests' build() both produce it.
 */
function firstScreen(): Plugin {
  return {
    name: 'weiyi-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // No modulepreload in the page: main.tsx fetches the app's code after the first paint (see there).
        return html
          .replace(/\s*<link rel="modulepreload"[^>]*>/g, '')
          .replace(/<link rel="stylesheet"[^>]*href="\/(assets\/[^"]+\.css)"[^>]*>/g, (tag, file: string) => {
            const asset = ctx.bundle?.[file];
            return asset && asset.type === 'asset' ? `<style>${String(asset.source)}</style>` : tag;
          });
      },
    },
    async closeBundle() {
      const assets = path.join(dist, 'assets');
      for (const name of fs.readdirSync(assets)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const data = fs.readFileSync(path.join(assets, name));
        fs.writeFileSync(path.join(assets, `${name}.gz`), zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(path.join(assets, `${name}.br`), zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
      // The production JSX runtime (react/jsx-runtime exists in React's development build too), even
      // when the build runs under another NODE_ENV (the browser tests' global setup runs it under "test").
      const nodeEnv = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      try {
        await build({
          configFile: false,
          root: here,
          logLevel: 'warn',
          plugins: [react()],
          // React, i18next and the rest inside the bundle: a production install has no dev dependencies.
          ssr: { noExternal: true },
          build: {
            ssr: path.resolve(here, 'src/entry-server.tsx'),
            outDir: path.join(dist, 'server'),
            emptyOutDir: true,
            target: 'node20',
            sourcemap: false,
            rollupOptions: { output: { entryFileNames: 'entry-server.js' } },
          },
        });
      } finally {
        if (nodeEnv === undefined) delete process.env.NODE_ENV;
        else process.env.NODE_ENV = nodeEnv;
      }
    },
  };
}

// The web app lives in web/ and builds to web/dist, which the server serves with an SPA fallback.
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), firstScreen()],
  build: {
    outDir: dist,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    manifest: true,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/files': 'http://localhost:3000' },
  },
});
