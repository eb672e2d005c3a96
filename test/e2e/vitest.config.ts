import { defineConfig } from 'vitest/config';

// Browser tests: the real app (web build + API) in the test process, driven through the system Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/e2e/global-setup.ts'],
    pool: 'forks',
    // One browser at a time: the machine the suite runs on may have two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    // In CI each run also writes a JSON report; .ci/run adds them up into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test/.artifacts/results/e2e.json' }]] : ['default'],
    hookTimeout: 120_000,
  },
});
