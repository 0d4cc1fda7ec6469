// Every report says where a verdict is inferred: the JSON finding, and the text/Markdown blockers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cuport-confidence-'));
// cublasDgemm: BIRENSUPA unsupported (confirmed, fact birensupa-no-fp64); cuSurfObjectCreate: CANN unsupported (inferred fact).
writeFileSync(join(dir, 'a.cu'), 'void f(CUsurfObject* s, const CUDA_RESOURCE_DESC* d, cublasHandle_t h) { cuSurfObjectCreate(s, d); cublasDgemm(h, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1); }\n');
const scan = (...args: string[]) => execFileSync('node', [CLI, 'scan', dir, ...args], { encoding: 'utf8' });

describe('confidence per finding', () => {
  it('the JSON finding lists the targets whose verdict is inferred; blockers carry their confidence', () => {
    const report = JSON.parse(scan('--format', 'json'));
    const surf = report.findings.find((f: { name: string }) => f.name === 'cuSurfObjectCreate');
    expect(surf.inferred).toContain('cann');
    const dgemm = report.findings.find((f: { name: string }) => f.name === 'cublasDgemm');
    expect(dgemm.inferred ?? []).not.toContain('birensupa');
    const cannBlocker = report.blockers.cann.find((b: { name: string }) => b.name === 'cuSurfObjectCreate');
    expect(cannBlocker).toMatchObject({ status: 'unsupported', confidence: 'inferred' });
    expect(report.blockers.birensupa.find((b: { name: string }) => b.name === 'cublasDgemm')).toMatchObject({ status: 'unsupported', confidence: 'confirmed' });
  });

  it('text and Markdown blockers say (inferred) only where the verdict is', () => {
    const text = scan('--format', 'text');
    expect(text).toMatch(/unsupported\s+cuSurfObjectCreate ×1 \(inferred\)/);
    expect(text).toMatch(/unsupported\s+cublasDgemm ×1  /);
    const md = scan('--format', 'markdown');
    expect(md).toMatch(/\| unsupported \(inferred\) \| `cuSurfObjectCreate` \|/);
    expect(md).toMatch(/\| unsupported \| `cublasDgemm` \|/);
  });
});
