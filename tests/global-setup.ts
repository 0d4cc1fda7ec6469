// Gives the whole test run one scratch directory and removes it at the end. Many tests make temporary
// trees (mkdtempSync under os.tmpdir()) and leave them to the system: 1,500 of them piled up in /tmp over
// a few dozen runs. os.tmpdir() reads TMPDIR on every call, and the test workers (and the CLI processes
// they start) inherit this process's environment, so pointing TMPDIR here moves every one of them under
// a directory that is deleted once the run is over, whatever each test did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'cuport-tests-'));
  process.env.TMPDIR = scratch;
  process.env.CUPORT_TEST_SCRATCH = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
