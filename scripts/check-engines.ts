// Fails when an installed package (dependencies and devDependencies, the whole tree) says in its
// engines.node that it does not run on a Node.js version the project supports: the oldest it
// allows (package.json's engines.node) and the current LTS, which production runs. npm only warns
// (EBADENGINE) and installs it anyway. Run by `npm run check`.
//
// What keeps the tree on Node 20.19 (package.json): @fastify/cookie 11.1.0, the last on cookie 1
// (11.1.1-11.1.5 only moved to cookie 2, Node ≥ 22); light-my-request 6.6.0 for fastify's
// inject (an override: fastify asks for ^6, 6.8 moved to cookie 2); and @fastify/static kept at
// its newest 10.1.x, for its path-traversal fixes that no 9.x has, with content-disposition 2.0.1
// (an override: 10.1.4 moved to 3.0.0, ESM-only, Node ≥ 22, with the same `create`, which only
// reply.download calls, and the app does not).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The oldest Node.js the project supports, and the newest release of the current LTS line (24). */
const SUPPORTED_NODES = ['20.19.0', '24.21.0'];

interface Manifest {
  name?: string;
  version?: string;
  engines?: { node?: string };
}

/** Every package folder under node_modules, nested ones included (a scoped name is two levels). */
function packageFolders(modules: string): string[] {
  if (!fs.existsSync(modules)) return [];
  const folders = fs.readdirSync(modules, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory() || entry.name.startsWith('.')) return [];
    const folder = path.join(modules, entry.name);
    if (!entry.name.startsWith('@')) return [folder];
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((scoped) => scoped.isDirectory())
      .map((scoped) => path.join(folder, scoped.name));
  });
  return folders.flatMap((folder) => [folder, ...packageFolders(path.join(folder, 'node_modules'))]);
}

/** Each installed package whose engines.node refuses one of `nodes`, with its range and the path that brought it. */
function engineMismatches(folders: string[], nodes: string[]): string[] {
  const out: string[] = [];
  for (const folder of folders) {
    const file = path.join(folder, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    const range = manifest.engines?.node;
    if (typeof range !== 'string') continue;
    const refused = nodes.filter((v) => !semver.satisfies(v, range, { includePrerelease: true }));
    if (refused.length)
      out.push(`${manifest.name}@${manifest.version} (${path.relative(root, folder)}) wants node ${JSON.stringify(range)}, so not ${refused.join(' or ')}`);
  }
  return out;
}

const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const oldest = semver.minVersion(own.engines?.node ?? '')?.version;
if (oldest !== SUPPORTED_NODES[0]) {
  console.error(`package.json engines.node starts at ${oldest}, this check at ${SUPPORTED_NODES[0]}: make them agree`);
  process.exitCode = 1;
}
const folders = packageFolders(path.join(root, 'node_modules'));
const mismatches = engineMismatches(folders, SUPPORTED_NODES);
for (const m of mismatches) console.error(m);
if (mismatches.length) {
  console.error(`${mismatches.length} installed package(s) do not support Node.js ${SUPPORTED_NODES.join(' and ')}`);
  process.exitCode = 1;
} else console.log(`engines: all ${folders.length} installed packages support Node.js ${SUPPORTED_NODES.join(' and ')}`);
