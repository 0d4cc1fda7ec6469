// Configuration and rule files are opened like sources: a FIFO never hangs, an alias bomb fails fast,
// and errors name the file and line, are titled for what the file is, and echo no content.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, SAMPLES_DIR } from '../helpers.js';

const run = (args: string[], cwd?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 30_000, ...(cwd ? { cwd } : {}) });

describe('configuration and rule files', () => {
  it('rules --validate on a FIFO and a .cuport.yaml FIFO in the working directory fail at once (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cfg-'));
    execFileSync('mkfifo', [join(dir, 'rules.yaml'), join(dir, '.cuport.yaml')]);
    const validate = run(['rules', '--validate', join(dir, 'rules.yaml')]);
    expect(validate.signal).toBeNull();
    expect(validate.status).toBe(2);
    expect(validate.stderr).toMatch(/FIFO, not a regular file/);
    const scan = run(['scan', SAMPLES_DIR], dir);
    expect(scan.signal).toBeNull();
    expect(scan.status).toBe(2);
    expect(scan.stderr).toMatch(/invalid configuration file: .*\.cuport\.yaml:1: \(file\): FIFO/);
  });

  it('an alias bomb in .cuport.yaml fails fast, names the file, echoes no content, and is a configuration error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cfg-'));
    const levels = ['a: &a ["lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker","lol-marker"]'];
    for (let i = 1; i < 9; i++) levels.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(',')}]`);
    writeFileSync(join(dir, 'bomb.yaml'), levels.join('\n') + '\n');
    const r = run(['scan', SAMPLES_DIR, '--config', join(dir, 'bomb.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cuport: invalid configuration file: .*bomb\.yaml:1: \(aliases\): /);
    expect(r.stderr).not.toContain('lol-marker');
  });

  it('every format says which configuration file was applied, with its sha256', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cfg-'));
    const text = 'exclude:\n  - "**/*.py"\n';
    writeFileSync(join(dir, '.cuport.yaml'), text);
    const sha = createHash('sha256').update(text).digest('hex');
    const json = JSON.parse(run(['scan', SAMPLES_DIR, '--format', 'json'], dir).stdout);
    expect(json.config).toEqual({ file: join(dir, '.cuport.yaml'), sha256: sha });
    expect(run(['scan', SAMPLES_DIR], dir).stdout).toContain(`Configuration applied: ${join(dir, '.cuport.yaml')}\n  sha256 ${sha}\n`);
    expect(run(['scan', SAMPLES_DIR, '--format', 'markdown'], dir).stdout).toContain(sha);
    expect(JSON.parse(run(['scan', SAMPLES_DIR, '--format', 'json', '--no-config'], dir).stdout).config).toBeUndefined();
  });
});
