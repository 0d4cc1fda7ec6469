// tests/global-setup.ts: every temporary file a test makes lands in the run's scratch directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, isAbsolute } from 'node:path';
import { expect, it } from 'vitest';

it('os.tmpdir() is the run scratch directory, so what tests leave there is removed after the run', () => {
  const scratch = process.env.CUPORT_TEST_SCRATCH;
  expect(scratch).toMatch(/cuport-tests-/);
  expect(tmpdir()).toBe(scratch);
  const made = mkdtempSync(join(tmpdir(), 'cuport-probe-'));
  const inside = relative(scratch!, made);
  expect(inside.startsWith('..') || isAbsolute(inside)).toBe(false);
});
