#!/usr/bin/env node
// The `weiyi` command runs the production build: dist/server/main.js, made by `npm run build`
// (scripts/build.mjs; `npm start` builds first, and the published package ships it built). No
// TypeScript loader or bundler runs here.
import fs from 'node:fs';

const main = new URL('../dist/server/main.js', import.meta.url);
if (!fs.existsSync(main)) {
  console.error('weiyi is not built yet: run `npm run build` (or `npm start`, which builds and starts it).');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(main.href);
