// Reports are written whole or not at all, the output path is checked before the scan, a closed pipe
// is quiet, and the spinner/colour/jobs decisions follow the terminal and the environment.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, SAMPLES_DIR } from '../helpers.js';
import { colorWanted, spinnerWanted } from '../../src/cli/progress.js';
import { jsonChunks } from '../../src/report/json.js';
import { runTraced } from './traced.js';

const sh = (script: string) => spawnSync('sh', ['-c', script], { encoding: 'utf8', env: { ...process.env, CI: '1', CLI } });

describe('report output', () => {
  it('a closed pipe (| head -1) ends quietly with the scan\'s exit code, no stack trace', () => {
    const bash = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, CI: '1', CLI } });
    const clean = bash(`node "$CLI" scan "${SAMPLES_DIR}" --format json --no-config | head -1; echo "rc=\${PIPESTATUS[0]}"`);
    expect(clean.stdout).toBe('{\nrc=0\n');
    expect(clean.stderr).toBe('');
    const gated = bash(`node "$CLI" scan "${SAMPLES_DIR}" --format json --no-config -q --fail-on unsupported | head -1; echo "rc=\${PIPESTATUS[0]}"`);
    expect(gated.stdout).toBe('{\nrc=1\n');
    expect(gated.stderr).toBe('');
  });

  it('a write error (full disk) exits 2 with a message', () => {
    const r = sh(`node "$CLI" scan "${SAMPLES_DIR}" --format json --no-config > /dev/full; echo "rc=$?"`);
    expect(r.stdout).toContain('rc=2');
    expect(r.stderr).toMatch(/ENOSPC/);
  });

  it('checks --output before scanning, refuses the scanned tree without --force, and replaces the file whole', () => {
    const missing = sh(`node "$CLI" scan "${SAMPLES_DIR}" --no-config -o /nonexistent-dir/r.json; echo "rc=$?"`);
    expect(missing.stdout).toContain('rc=2');
    expect(missing.stderr).toMatch(/does not exist/);
    const tree = mkdtempSync(join(tmpdir(), 'cuport-out-'));
    writeFileSync(join(tree, 'a.cu'), 'void f() { cudaMalloc(0, 0); }\n');
    const inside = sh(`node "$CLI" scan "${tree}" --no-config -o "${tree}/r.json"; echo "rc=$?"`);
    expect(inside.stdout).toContain('rc=2');
    expect(existsSync(join(tree, 'r.json'))).toBe(false);
    writeFileSync(join(tree, 'r.json'), 'previous');
    const forced = runTraced(['scan', tree, '--no-config', '--format', 'json', '-q', '--force', '-o', `${tree}/r.json`], [tree]);
    expect(forced.code).toBe(0);
    expect(forced.outside).toEqual([]);
    const summary = JSON.parse(readFileSync(join(tree, 'r.json'), 'utf8')).summary;
    expect([summary.filesScanned, summary.filesSkipped]).toEqual([1, 0]); // a.cu; the previous r.json is not a source
    expect(readdirSync(tree).sort()).toEqual(['a.cu', 'r.json']); // no temporary file left behind
  });

  it('streams JSON in pieces that join to exactly JSON.stringify', () => {
    const report = { a: [1, { b: [2, 3] }], c: { d: 'x' }, e: [], f: undefined, g: 'y' } as never;
    const chunks = [...jsonChunks(report)];
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(JSON.stringify(report, null, 2) + '\n');
  });
});

describe('terminals', () => {
  it('draws the spinner only on a TTY that reports columns, outside CI', () => {
    expect(spinnerWanted(false, { isTTY: true, columns: 80 }, {})).toBe(true);
    expect(spinnerWanted(false, { isTTY: true, columns: 0 }, {})).toBe(false);
    expect(spinnerWanted(false, { isTTY: false, columns: 80 }, {})).toBe(false);
    expect(spinnerWanted(false, { isTTY: true, columns: 80 }, { CI: '1' })).toBe(false);
    expect(spinnerWanted(true, { isTTY: true, columns: 80 }, {})).toBe(false);
  });

  it('honours NO_COLOR and FORCE_COLOR', () => {
    expect(colorWanted({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorWanted({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorWanted({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorWanted({}, true)).toBe(true);
  });

  it('caps --jobs at the cores available, with a note', () => {
    const r = sh(`node "$CLI" scan "${SAMPLES_DIR}" --no-config --jobs 4096 --format json > /dev/null`);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/--jobs 4096 capped at \d+/);
  });
});
