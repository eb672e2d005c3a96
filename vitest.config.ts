import { defineConfig } from 'vitest/config';

// API and service tests. They run on embedded PGlite unless DATABASE_URL names a PostgreSQL
// server, in which case every test file gets its own fresh database cloned from a migrated template.

/** Named by database and Node major version: CI runs the suite on PGlite and PostgreSQL, on Node 20 and 24. */
const RESULTS_FILE = `test/.artifacts/results/api-${process.env.DATABASE_URL ? 'postgres' : 'pglite'}-node${process.versions.node.split('.')[0]}.json`;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/api/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/support/log-scan.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    // In CI each run also writes a JSON report; .ci/run adds them up into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: RESULTS_FILE }]] : ['default'],
  },
});
