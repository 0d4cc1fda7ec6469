// Configuration and rule files are opened like sources: a FIFO never hangs, an alias bomb fails fast,
// and errors name the file and line, are titled for what the file is, and echo no content.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../helpers.js';
import { runTraced } from './traced.js';

/** The CLI, run from `cwd` when given: nothing may be opened outside the samples, the configuration's folder
 *  and cuport's own files. */
const run = (args: string[], dir: string, cwd?: string) => {
  const r = runTraced(args, [dir], { timeout: 30_000, ...(cwd ? { cwd } : {}) });
  expect(r.outside).toEqual([]);
  return { ...r, status: r.code };
};

describe('configuration and rule files', () => {
  it('rules --validate on a FIFO and a .cuport.yaml FIFO in the working directory fail at once (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cfg-'));
    execFileSync('mkfifo', [join(dir, 'rules.yaml'), join(dir, '.cuport.yaml')]);
    const validate = run(['rules', '--validate', join(dir, 'rules.yaml')], dir);
    expect(validate.signal).toBeNull();
    expect(validate.status).toBe(2);
    expect(validate.stderr).toMatch(/FIFO, not a regular file/);
    const scan = run(['scan', SAMPLES_DIR], dir, dir);
    expect(scan.signal).toBeNull();
    expect(scan.status).toBe(2);
    expect(scan.stderr).toMatch(/invalid configuration file: .*\.cuport\.yaml:1: \(file\): FIFO/);
  });

  it('an alias bomb in .cuport.yaml fails fast, names the file, echoes no content, and is a configuration error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cfg-'));
    const levels = ['a: &a ["lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker"]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    writeFileSync(join(dir, 'bomb.yaml'), levels.join('\n') + '\n');
    const r = run(['scan', SAMPLES_DIR, '--config', join(dir, 'bomb.yaml')], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cuport: invalid configuration file: .*bomb\.yaml:1: \(aliases\): /);
    expect(r.stderr).not.toContain('lol-marker');
  });

  it('every format says which configuration file was applied, with its sha256', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cfg-'));
    const text = 'exclude:\n  - "**/*.py"\n';
    writeFileSync(join(dir, '.cuport.yaml'), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const json = JSON.parse(run(['scan', SAMPLES_DIR, '--format', 'json'], dir, dir).stdout);
    expect(json.config).toEqual({ file: join(dir, '.cuport.yaml'), sha256: sha });
    // The excluded Python files are not lost: they are not "present" for this configuration.
    expect(json.summary.filesScanned + json.summary.filesSkipped).toBe(json.files.length + json.skipped.length);
    expect(json.files.some((f: { file: string }) => f.file.endsWith('.py'))).toBe(false);
    expect(run(['scan', SAMPLES_DIR], dir, dir).stdout).toContain(`Configuration applied: ${join(dir, '.cuport.yaml')}\n  sha256 ${sha}\n`);
    expect(run(['scan', SAMPLES_DIR, '--format', 'markdown'], dir, dir).stdout).toContain(sha);
    expect(JSON.parse(run(['scan', SAMPLES_DIR, '--format', 'json', '--no-config'], dir, dir).stdout).config).toBeUndefined();
  });
});
