// End to end through the built binary (npm test builds dist/ first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, SAMPLES_DIR } from './helpers.js';

function cuport(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cuport CLI', () => {
  it('prints its version and help', () => {
    const pkg = JSON.parse(readFileSync(join(CLI, '..', '..', '..', 'package.json'), 'utf8'));
    expect(cuport('--version')).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = cuport('--help');
    expect(help.code).toBe(0);
    for (const flag of ['--target', '--format', '--output', '--jobs', '--fail-on', '--quiet', '--include', '--exclude']) expect(help.stdout).toContain(flag);
  });

  it('explains a CUDA API on all four targets with sources', () => {
    const r = cuport('explain', 'cudaMemcpy');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('musaMemcpy');
    expect(r.stdout).toContain('aclrtMemcpy');
    expect(r.stdout).toContain('hipMemcpy');
    expect(r.stdout).toMatch(/BIRENSUPA \(Biren\): \w+/);
    expect(r.stdout).toMatch(/destMax/);
    expect(r.stdout.match(/source: .*https:\/\//g)).toHaveLength(4);
    const json = JSON.parse(cuport('explain', 'torch.cuda.synchronize', '--format', 'json').stdout);
    expect(json[0].targets.cann.name).toMatch(/npu/);
  });

  it('exits 2 with suggestions for an unknown name, and on usage errors', () => {
    const r = cuport('explain', 'cudaMemcp');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no rule for "cudaMemcp".*cudaMemcpy/);
    expect(cuport('scan', SAMPLES_DIR, '--target', 'tpu').code).toBe(2);
    expect(cuport('scan', SAMPLES_DIR, '--format', 'pdf').code).toBe(2);
    expect(cuport('scan', SAMPLES_DIR, '--bogus').code).toBe(2);
    expect(cuport('frobnicate').code).toBe(2);
    expect(cuport('scan', '/nonexistent/dir').stderr).toMatch(/no such file or directory/);
  });

  it('gives byte-identical JSON whatever --jobs is', () => {
    const one = cuport('scan', SAMPLES_DIR, '--format', 'json', '--jobs', '1');
    const two = cuport('scan', SAMPLES_DIR, '--format', 'json', '--jobs', '2');
    expect(one.code).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(1000);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout);
    expect(report.schema).toBe('cuport-report');
    expect(report.schemaVersion).toBe(1);
    expect(report.findings.length).toBeGreaterThan(100);
  });

  it('writes the chosen format to --output and stays quiet on stdout', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cuport-cli-')), 'report.md');
    const r = cuport('scan', SAMPLES_DIR, '--format', 'markdown', '--output', out, '--quiet');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toMatch(/^# CUDA migration report/);
  });

  it('gates with --fail-on: exit 1 at or above the status on a selected target, else 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-gate-'));
    writeFileSync(join(dir, 'k.cu'), '__global__ void k(float* x) { x[0] = 1.f; }\n');
    const cann = cuport('scan', dir, '--target', 'cann', '--fail-on', 'rewrite', '--quiet');
    expect(cann.code).toBe(1);
    const dcu = cuport('scan', dir, '--target', 'dcu', '--fail-on', 'rewrite');
    expect(dcu.code).toBe(0);
    expect(cuport('scan', dir, '--fail-on', 'worse').code).toBe(2);
  });

  it('prints no spinner or escape codes when not on a terminal', () => {
    const r = cuport('scan', SAMPLES_DIR);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/^cuport .* CUDA migration report/);
  });
});
