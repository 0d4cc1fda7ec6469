import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileScanner } from '../src/scan/scan-file.js';
import { realTable } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cuport-files-'));
const write = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return { path: join(dir, name), display: name, language: name.endsWith('.py') ? ('python' as const) : ('cuda' as const) };
};
const scanner = new FileScanner(realTable().table, { maxFileBytes: 1000 });

describe('bad input is skipped with a reason and never stops the scan', () => {
  it('skips binary files', () => {
    expect(scanner.scan(write('bin.cu', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]))).skipped?.reason).toBe('binary');
  });
  it('decodes files that are not UTF-8 instead of skipping them, and says which encoding', () => {
    const r = scanner.scan(write('latin1.cu', Buffer.concat([Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]), Buffer.from('void f() { cudaMalloc(0, 0); }\n')])));
    expect(r.skipped).toBeUndefined();
    expect(r.encoding).toBe('windows-1252');
    expect(r.findings.map((f) => `${f.name}@${f.line}`)).toEqual(['cudaMalloc@2']);
  });
  it('skips files over the size limit', () => {
    expect(scanner.scan(write('huge.cu', 'int x;\n'.repeat(500))).skipped?.reason).toBe('too-large');
  });
  it('skips unreadable paths', () => {
    mkdirSync(join(dir, 'dir.cu'));
    const r = scanner.scan({ path: join(dir, 'dir.cu'), display: 'dir.cu', language: 'cuda' });
    expect(r.skipped).toMatchObject({ reason: 'special-file', message: 'directory, not a regular file' });
    expect(scanner.scan({ path: join(dir, 'missing.cu'), display: 'missing.cu', language: 'cuda' }).skipped?.message).toBe('ENOENT');
  });
  it('scans a good file with a BOM and counts its lines', () => {
    const r = scanner.scan(write('ok.cu', '\ufeffvoid f() { cudaDeviceSynchronize(); }\nint y;\n'));
    expect(r.skipped).toBeUndefined();
    expect(r.lines).toBe(2);
    expect(r.findings.map((f) => [f.name, f.line, f.column])).toEqual([['cudaDeviceSynchronize', 1, 12]]);
  });
});
