import { defineConfig } from 'vitest/config';

// API and service tests. They run on embedded PGlite unless DATABASE_URL names a PostgreSQL
// server, in which case every test file gets its own fresh database cloned from a migrated template.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/api/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
