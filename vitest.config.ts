import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The console summary, plus a JUnit file for CI to count tests by (reports/ is ignored by git).
    reporters: ['default', 'junit'],
    outputFile: { junit: 'reports/junit-unit.xml' },
  },
});
