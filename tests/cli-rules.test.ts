// `cuport rules`, product-specific targets and --config, end to end through the built binary.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers.js';

function cuport(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cuport rules', () => {
  it('--stats adds up: every rule has exactly one verdict per target', () => {
    const r = cuport(['rules', '--stats', '--format', 'json']);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.rules).toBeGreaterThan(8500);
    for (const t of ['musa', 'cann', 'birensupa', 'dcu']) {
      const s = stats.perTarget[t];
      const byStatus = Object.values(s.status as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(byStatus).toBe(stats.rules);
      expect(s.confirmed + s.inferred).toBe(stats.rules);
    }
  });

  it('lists and filters by target, status, library and confidence', () => {
    const r = cuport(['rules', '--target', 'cann', '--status', 'unsupported', '--library', 'nccl', '--format', 'json']);
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout);
    expect(rules.map((x: { cuda: string }) => x.cuda)).toEqual(['ncclCommAbort']);
    const inferred = JSON.parse(cuport(['rules', '--target', 'birensupa', '--confidence', 'inferred', '--library', 'cuda runtime', '--format', 'json']).stdout);
    expect(inferred.length).toBeGreaterThan(1000);
    expect(inferred.every((x: { targets: { birensupa: { confidence: string } } }) => x.targets.birensupa.confidence === 'inferred')).toBe(true);
    expect(cuport(['rules', '--status', 'maybe']).code).toBe(2);
  });

  it('follows the chosen product: MCCL is missing on MTT S80, aclBLAS GEMM exists only on Ascend 950', () => {
    const s80 = JSON.parse(cuport(['rules', '--target', 'musa:s80', '--library', 'nccl', '--stats', '--format', 'json']).stdout);
    expect(s80.perTarget.musa.status.unsupported).toBe(s80.rules);
    const a2 = cuport(['explain', 'cublasGemmEx', '--target', 'cann']).stdout;
    const a950 = cuport(['explain', 'cublasGemmEx', '--target', 'cann:950']).stdout;
    expect(a2).toMatch(/CANN \(Huawei Ascend\): unsupported/);
    expect(a950).toMatch(/CANN \(Huawei Ascend\) · 950: adapt → aclblasGemmEx/);
    expect(cuport(['scan', '.', '--target', 'cann:910']).stderr).toMatch(/unknown cann product "910" \(known: a2, a3, 950\)/);
  });

  it('--validate accepts a good rule file and names file:line:field in a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-validate-'));
    const good = `family: mine\nlibrary: Mine\nlanguage: cpp\nrules:\n  - id: mine.MY_CHECK\n    cuda: MY_CHECK\n    kind: macro\n    summary: x\n    targets:\n${['musa', 'cann', 'birensupa', 'dcu'].map((t) => `      ${t}: { status: native, confidence: confirmed, source: hipify-rocm6.3 }`).join('\n')}\n`;
    writeFileSync(join(dir, 'good.yaml'), good);
    writeFileSync(join(dir, 'bad.yaml'), good.replace('kind: macro', 'kind: makro'));
    expect(cuport(['rules', '--validate', join(dir, 'good.yaml')])).toMatchObject({ code: 0, stdout: expect.stringMatching(/1 rules, valid/) });
    const bad = cuport(['rules', '--validate', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:7: rules\.0\.kind: must be equal to one of the allowed values/);
  });
});

describe('.cuport.yaml through the CLI', () => {
  it('is picked up from the working directory, and --no-config ignores it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-cli-config-'));
    writeFileSync(join(dir, '.cuport.yaml'), 'targets: [dcu]\n');
    writeFileSync(join(dir, 'k.cu'), '__global__ void k() {}\n');
    const withConfig = JSON.parse(cuport(['scan', '.', '--format', 'json'], dir).stdout);
    expect(withConfig.targets).toEqual(['dcu']);
    const without = JSON.parse(cuport(['scan', '.', '--format', 'json', '--no-config'], dir).stdout);
    expect(without.targets).toEqual(['musa', 'cann', 'birensupa', 'dcu']);
    writeFileSync(join(dir, '.cuport.yaml'), 'targets: [tpu]\n');
    const bad = cuport(['scan', '.'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.cuport\.yaml:1: targets\.0: must match pattern/);
  });
});
