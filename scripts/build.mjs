#!/usr/bin/env node
// Builds what production runs, so that no TypeScript loader or bundler runs when it starts:
//   dist/server/main.js         the server and CLI (src/main.ts), one ESM bundle; packages stay outside
//   dist/server/pdf/**.cjs      each PDF renderer (src/**/*-pdf.ts) for the worker thread, CommonJS
//   web/dist/                   the web app and its server-side first render (vite, web/vite.config.ts)
// `node scripts/build.mjs --server` builds the first two only (a second or so).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/server');

/**
 * Each source file keeps its own place for `import.meta.url`: the bundle rewrites it to the file's
 * path relative to the bundle, so what a file finds beside itself (its module's migrations, the
 * font, web/dist) is found in the installed package wherever it is.
 */
function keepMetaUrl(format) {
  return {
    name: 'keep-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        const outDir = path.dirname(build.initialOptions.outfile);
        const rel = path.relative(outDir, args.path).split(path.sep).join('/');
        const url = format === 'esm' ? `new URL(${JSON.stringify(rel)}, import.meta.url).href` : `__weiyiFileUrl(${JSON.stringify(rel)})`;
        return { contents: source.replace(/\bimport\.meta\.url\b/g, url), loader: 'ts' };
      });
    },
  };
}

const common = { bundle: true, packages: 'external', platform: 'node', target: 'node20', logLevel: 'warning', define: { WEIYI_BUNDLE: 'true' } };

function findRenderers(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRenderers(full);
    return entry.name.endsWith('-pdf.ts') ? [full] : [];
  });
}

async function buildServer() {
  fs.rmSync(out, { recursive: true, force: true });
  const main = path.join(out, 'main.js');
  await esbuild.build({
    ...common,
    entryPoints: [path.join(root, 'src/main.ts')],
    format: 'esm',
    outfile: main,
    sourcemap: true,
    sourcesContent: false,
    plugins: [keepMetaUrl('esm')],
  });
  const renderers = findRenderers(path.join(root, 'src'));
  for (const file of renderers) {
    const outfile = path.join(out, 'pdf', path.relative(root, file)).replace(/\.ts$/, '.cjs');
    // CommonJS has no import.meta: a helper at the top of the file (where `require` is still Node's own) makes the URL.
    const banner = `const __weiyiFileUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;`;
    await esbuild.build({ ...common, entryPoints: [file], format: 'cjs', outfile, banner: { js: banner }, plugins: [keepMetaUrl('cjs')] });
  }
  console.log(`server: ${path.relative(root, main)} (${Math.round(fs.statSync(main).size / 1024)} KB) and ${renderers.length} PDF renderers`);
}

async function buildWeb() {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'warn' });
  console.log('web: web/dist');
}

await buildServer();
if (!process.argv.includes('--server')) await buildWeb();
