// src/scan/value-pool.ts and src/scan/collected-finding.ts: the main thread keeps one copy of each string
// among the scan's results, and one object per finding, without changing any value or the JSON's bytes.
import { describe, expect, it } from 'vitest';
import { ValuePool } from '../src/scan/value-pool.js';
import { COPIED_FIELDS, collectedFinding } from '../src/scan/collected-finding.js';
import type { RawFinding } from '../src/model.js';

describe('ValuePool', () => {
  it('shares equal guard lists as one frozen list, and keeps different ones apart', () => {
    const pool = new ValuePool();
    const a = pool.list(['#if A', '#ifdef B']);
    const b = pool.list(['#if A', '#ifdef B']);
    const c = pool.list(['#if A']);
    const d = pool.list(['#if A', '#ifdef', 'B']);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).not.toBe(d);
    expect(d).toEqual(['#if A', '#ifdef', 'B']);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('replaces strings through nested plain objects and arrays in place, leaving every value equal', () => {
    const pool = new ValuePool();
    const result = {
      file: 'a.cu',
      lines: 3,
      findings: [{ ruleId: 'r', name: 'cudaMalloc', guards: ['#if X'], inMacro: true }, { ruleId: 'r', name: 'cudaFree', scope: null }],
      kernels: [[['deep', 1]]],
    };
    const before = structuredClone(result);
    const findings = result.findings;
    expect(pool.shareStrings(result)).toBe(result);
    expect(result).toEqual(before);
    expect(result.findings).toBe(findings);
  });

  it('leaves objects that are not plain (Map, typed arrays, class instances) as they are', () => {
    const pool = new ValuePool();
    const map = new Map([['k', 'v']]);
    const bytes = new Uint8Array([1, 2]);
    class Box { constructor(public label: string) {} }
    const box = new Box('x');
    const value = { map, bytes, box };
    pool.shareStrings(value);
    expect(value.map).toBe(map);
    expect([...value.map]).toEqual([['k', 'v']]);
    expect(value.bytes).toBe(bytes);
    expect(value.box).toBe(box);
  });
});

describe('collectedFinding', () => {
  const base: RawFinding = { ruleId: 'cuda-runtime.cudaMalloc', name: 'cudaMalloc', kind: 'runtime-call', line: 4, column: 3, endLine: 4, endColumn: 13 };
  const variants: RawFinding[] = [
    base,
    { ...base, fingerprint: 'f0' },
    { ...base, scope: 'main', fingerprint: 'f1' },
    { ...base, guards: ['#if CUDART_VERSION >= 11020'], fingerprint: 'f2' },
    { ...base, scope: 'k', guards: ['#ifdef A', '#if B'], inMacro: true, fingerprint: 'f3' },
    { ...base, scope: 'k', deviceCode: true, detail: 'mma.sync', fingerprint: 'f4' },
    { ...base, scope: 'k', guards: ['#if X'], inMacro: false, deviceCode: false, detail: '', fingerprint: 'f5' },
  ];

  it.each(variants.map((f, i) => [i, f] as const))('variant %i: the same JSON bytes as the spread copy { file, ...f }', (_, f) => {
    const pool = new ValuePool();
    expect(JSON.stringify(collectedFinding('src/a.cu', f, pool))).toBe(JSON.stringify({ file: 'src/a.cu', ...f }));
    expect(Object.keys(collectedFinding('src/a.cu', f, pool))).toEqual(Object.keys({ file: 'src/a.cu', ...f }));
  });

  it('copies every field a RawFinding has', () => {
    const full = variants[4]!;
    const withAll = { ...full, deviceCode: true, detail: 'd' } as RawFinding;
    const copied = collectedFinding('a.cu', withAll, new ValuePool()) as unknown as Record<string, unknown>;
    for (const field of Object.keys(COPIED_FIELDS)) expect(copied[field], field).toEqual((withAll as unknown as Record<string, unknown>)[field]);
    expect(Object.keys(copied).sort()).toEqual(['file', ...Object.keys(COPIED_FIELDS)].sort());
  });

  it('findings under the same guards share one guard list; a finding without guards has none', () => {
    const pool = new ValuePool();
    const a = collectedFinding('a.cu', { ...base, guards: ['#if X'] }, pool);
    const b = collectedFinding('b.cu', { ...base, line: 9, guards: ['#if X'] }, pool);
    expect(a.guards).toBe(b.guards);
    expect('guards' in collectedFinding('c.cu', base, pool)).toBe(false);
  });
});
