import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Builds the web app once (the server reads web/dist when it starts) and checks for Chromium. */
export default async function setup(project: TestProject) {
  const hasBrowser = fs.existsSync(CHROMIUM);
  if (!hasBrowser) {
    if (process.env.CI) throw new Error(`Browser tests need Chromium at ${CHROMIUM} (apt-get install chromium); CI must not skip them.`);
    const line = '!'.repeat(78);
    console.warn(`\n${line}\n  Browser tests SKIPPED: no Chromium at ${CHROMIUM}.\n  Install it with: sudo apt-get install chromium\n${line}\n`);
    project.provide('e2eBrowser', '');
    return;
  }
  await build({ configFile: path.resolve('web/vite.config.ts'), logLevel: 'warn' });
  project.provide('e2eBrowser', CHROMIUM);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium executable, or '' when browser tests are skipped. */
    e2eBrowser: string;
  }
}
