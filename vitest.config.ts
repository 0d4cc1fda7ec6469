import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One scratch TMPDIR for the run, removed at its end (tests/global-setup.ts).
    globalSetup: ['tests/global-setup.ts'],
    // End-to-end tests start the built CLI; parsing the samples takes a second or two on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
