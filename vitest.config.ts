import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local (in memory) and one S3 emulator for the whole run; each test file works in
    // its own tenant(s), so files can run in parallel against them.
    globalSetup: ['test/support/global-setup.ts'],
    // Handlers log JSON through Powertools; keep test output to warnings and errors.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
