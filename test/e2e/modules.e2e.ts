import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules/index.ts';
import { SHELL_ROUTES } from '../../web/src/installed.ts';
import { WEB_MODULES } from '../../web/src/modules/index.ts';
import { browserPath } from './support/harness.ts';

// The web app's module list (web/src/modules/index.ts) against the server's and against the build
// that global-setup.ts makes (web/dist).
describe.skipIf(!browserPath)('web modules', () => {
  it('are server modules of the same names, listed in the server’s MODULES order', () => {
    const server = MODULES.map((m) => m.name);
    const names = WEB_MODULES.map((m) => m.name);
    expect(names.filter((n) => server.includes(n))).toEqual(names);
    expect([...names].sort((a, b) => server.indexOf(a) - server.indexOf(b))).toEqual(names);
  });

  it('give each page its own chunk, the one the server preloads for the page’s address', () => {
    const manifest = JSON.parse(fs.readFileSync('web/dist/.vite/manifest.json', 'utf8')) as Record<string, { file: string; isDynamicEntry?: boolean }>;
    const routes = [...SHELL_ROUTES, ...WEB_MODULES.flatMap((m) => m.routes)];
    expect(new Set(routes.map((r) => r.pattern)).size).toBe(routes.length);
    for (const m of WEB_MODULES) {
      // A route's `src` (what the server preloads) and its `load` (what the browser imports) name one file.
      const text = fs.readFileSync(`web/src/modules/${m.name}/routes.ts`, 'utf8');
      const loaded = [...text.matchAll(/import\('(\.\/[^']+)'\)/g)].map((x) => path.posix.join('src/modules', m.name, x[1]!));
      expect(loaded).toEqual(m.routes.map((r) => r.src));
    }
    const shell = fs.readFileSync('web/src/installed.ts', 'utf8');
    expect([...shell.matchAll(/import\('\.\/([^']+)'\)/g)].map((x) => `src/${x[1]!}`)).toEqual(SHELL_ROUTES.map((r) => r.src));
    const chunks = routes.map((r) => manifest[r.src]);
    chunks.forEach((chunk, i) => expect(chunk?.isDynamicEntry, routes[i]!.src).toBe(true));
    expect(new Set(chunks.map((c) => c?.file)).size).toBe(routes.length);
  });

  it('name their roles, community home sections, account page links and background jobs in both languages', () => {
    const text = (strings: object, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], strings);
    for (const m of WEB_MODULES) {
      // The server module's jobs are named for staff on the jobs page (web/src/jobs/Jobs.tsx).
      const jobs = Object.keys(MODULES.find((s) => s.name === m.name)?.jobs ?? {}).map((job) => `jobs.${job}`);
      const keys = [
        ...Object.keys(m.roles ?? {}).map((r) => `roles.${r}`),
        ...(m.homeSections ?? []).flatMap((s) => [s.title, s.note]),
        ...(m.accountLinks ?? []).map((l) => l.title),
        ...jobs,
      ];
      for (const key of keys) {
        expect(typeof text(m.strings.zh, key), `${m.name}: ${key}`).toBe('string');
        expect(typeof text(m.strings.en, key), `${m.name}: ${key}`).toBe('string');
      }
    }
  });
});
