import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: forks keep tfjs/wasm state per test file.
    pool: 'forks',
    // Handler logs (Powertools) at WARN so test output shows failures, not every upload.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  },
});
