#!/usr/bin/env node
// The `weiyi` command. A checkout needs no build step: each start bundles src/main.ts with
// esbuild (the compiler tsx itself uses; a fraction of a second) into node_modules/.cache/weiyi,
// named by content so it is never stale, and runs that. Running the sources through tsx instead
// would keep tsx's loader thread and a transformed copy of every file in the server's memory
// (about 60 MB of a 230 MB server). Stack traces still name the TypeScript lines (source maps).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules/.cache/weiyi');

/** Each file keeps its own `import.meta.url`, so paths it builds from it (migrations, web/dist, PDF renderers) are unchanged. */
const keepMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      return { contents: source.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** Bundles of earlier sources; a running process read its own at start, so only a minute's grace for one starting now. */
function removeOldBundles(keep) {
  for (const entry of fs.readdirSync(cacheDir)) {
    const file = path.join(cacheDir, entry);
    if (entry.startsWith(keep) || !entry.startsWith('main-')) continue;
    if (Date.now() - fs.statSync(file).mtimeMs > 60_000) fs.rmSync(file, { force: true });
  }
}

/** Writes the bundle and its source map unless an identical one is there; returns the bundle's path. */
async function bundle() {
  const esbuildPath = createRequire(createRequire(import.meta.url).resolve('tsx/package.json')).resolve('esbuild');
  const esbuild = (await import(pathToFileURL(esbuildPath).href)).default;
  try {
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'src/main.ts')],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      outfile: path.join(cacheDir, 'main.mjs'),
      write: false,
      logLevel: 'error',
      plugins: [keepMetaUrl],
    });
    const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
    const name = `main-${crypto.createHash('sha256').update(code.contents).update(map.contents).digest('hex').slice(0, 16)}.mjs`;
    const file = path.join(cacheDir, name);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      // the map first, then the code under a temporary name renamed into place: a process
      // starting at the same moment sees the whole file or none
      fs.writeFileSync(`${file}.map`, map.contents);
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, `${code.text}//# sourceMappingURL=${name}.map\n`);
      fs.renameSync(temporary, file);
      removeOldBundles(name);
    }
    return file;
  } finally {
    await esbuild.stop();
  }
}

let file;
try {
  file = await bundle();
} catch (error) {
  // a read-only install cannot write its cache: run the sources through tsx instead
  if (!['EACCES', 'EROFS', 'EPERM'].includes(error?.code)) throw error;
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
if (file) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(file).href);
}
