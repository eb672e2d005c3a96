import { defineConfig } from 'vitest/config';

// Fault tests against the PostgreSQL server (DATABASE_URL, default the CI cluster at
// 127.0.0.1:5432): they kill the app, stop the server and cut connections, so they run one file
// at a time. `npm run test:faults` is the short CI version; `npm run soak` the long one.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    // In CI each run also writes a JSON report; .ci/run adds them up into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test/.artifacts/results/faults.json' }]] : ['default'],
    hookTimeout: 180_000,
  },
});
