// The per-file result cache, through the built binary: same bytes with and without it, and a corrupted
// entry is ignored and rewritten.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, SAMPLES_DIR } from './helpers.js';
import { cacheOption } from '../src/cli/gate-options.js';
import { scanWithCache, type CacheConfig } from '../src/cache/file-cache.js';
import type { FileResult } from '../src/model.js';
import type { FileTask } from '../src/scan/scan-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'cuport-cache-'));
  dirs.push(d);
  return d;
};
const scanJson = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, 'scan', SAMPLES_DIR, '--quiet', '--format', 'json', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
};
/** The per-file entries (not the stat index). */
const entries = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('index-')).map((e) => join(e.parentPath, e.name)).sort();

describe('file result cache', () => {
  it('a cache hit gives the same bytes as a scan without cache', () => {
    const cache = temp();
    const fresh = scanJson('--no-cache');
    const cold = scanJson('--cache', cache);
    const files = entries(cache);
    expect(files.length).toBeGreaterThan(10);
    const warm = scanJson('--cache', cache);
    expect(cold).toBe(fresh);
    expect(warm).toBe(fresh);
    expect(entries(cache)).toEqual(files);
  });

  it('keeps a host-only file profiled after the scan (the prefilter\'s deferred profile) as profiled, so a rescan does not redo it', () => {
    const tree = temp();
    const cache = temp();
    writeFileSync(join(tree, 'launch.cuh'), '#define LAUNCH(kernel, n) kernel<<<1, n>>>()\n__global__ void scale() {}\n');
    writeFileSync(join(tree, 'host.cpp'), '#include "launch.cuh"\nvoid run() { LAUNCH(scale, 64); }\n');
    const run = () => spawnSync(process.execPath, [CLI, 'scan', tree, '--quiet', '--format', 'json', '--no-config', '--cache', cache], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const first = run();
    expect(first.status).toBe(0);
    const host = entries(cache).map((f) => JSON.parse(readFileSync(f, 'utf8')).result).find((r) => r.file === 'host.cpp');
    expect(host.profileDeferred).toBeUndefined(); // stored as rescanned, with its kernel data
    expect(host.kernelScan.macroCalls.length).toBeGreaterThan(0);
    const second = run();
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).kernels.find((k: { name: string }) => k.name === 'scale').launches.map((l: { file: string }) => l.file)).toContain('host.cpp');
  });

  it('ignores and rewrites a corrupted or foreign entry', () => {
    const cache = temp();
    const fresh = scanJson('--cache', cache);
    const [first, second] = entries(cache);
    writeFileSync(first!, '{"format":"cuport-file-cache-1","entry":"x","res');
    const valid = JSON.parse(readFileSync(second!, 'utf8'));
    writeFileSync(second!, JSON.stringify({ ...valid, result: { ...valid.result, findings: 'not a list' } }));
    expect(scanJson('--cache', cache)).toBe(fresh);
    expect(() => JSON.parse(readFileSync(first!, 'utf8'))).not.toThrow();
    expect(Array.isArray(JSON.parse(readFileSync(second!, 'utf8')).result.findings)).toBe(true);
  });

  it('never defaults to a cache directory inside the scanned tree', () => {
    const home = temp();
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(home, 'cache');
    try {
      mkdirSync(join(home, 'cache'));
      expect(cacheOption(undefined, false, [home])).toEqual({});
      expect(cacheOption(undefined, false, [join(home, 'elsewhere')])).toEqual({ cacheDir: join(home, 'cache', 'cuport') });
      expect(cacheOption(join(home, 'x'), false, [home])).toEqual({ cacheDir: join(home, 'x') });
      expect(cacheOption(undefined, true, [])).toEqual({});
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});

describe('stat index', () => {
  const result = (task: FileTask, text: string): FileResult => ({
    file: task.display, language: task.language, lines: text.split('\n').length, bytes: text.length, parseErrors: 0, findings: [], kernels: [], definedNames: [],
  });
  /** One run over `files`: what was read and what was scanned. `later` moves the clock past the racy margin. */
  const run = async (cacheDir: string, tree: string, files: string[], later = 10_000) => {
    const read: string[] = [];
    const scanned: string[] = [];
    const tasks: FileTask[] = files.map((f) => ({ path: join(tree, f), display: f, language: 'cuda' }));
    const config: CacheConfig = {
      dir: cacheDir, key: 'k'.repeat(64), now: () => Date.now() + later,
      read: (task) => (read.push(task.display), readFileSync(task.path)),
    };
    const results = await scanWithCache(tasks, config, 1 << 20, async (misses) => misses.map((t) => (scanned.push(t.display), result(t, readFileSync(t.path, 'utf8')))));
    return { read, scanned, results };
  };

  it('an unchanged stat reuses the entry without reading the file; new content with a new mtime is read and rescanned', async () => {
    const tree = temp();
    const cache = temp();
    writeFileSync(join(tree, 'a.cu'), 'int a;\n');
    writeFileSync(join(tree, 'b.cu'), 'int b;\n');
    expect(await run(cache, tree, ['a.cu', 'b.cu'])).toMatchObject({ read: ['a.cu', 'b.cu'], scanned: ['a.cu', 'b.cu'] });
    expect(await run(cache, tree, ['a.cu', 'b.cu'])).toMatchObject({ read: [], scanned: [] });
    writeFileSync(join(tree, 'b.cu'), 'int b;\nint c;\n');
    utimesSync(join(tree, 'b.cu'), new Date(), new Date(Date.now() + 5000));
    const third = await run(cache, tree, ['a.cu', 'b.cu']);
    expect(third).toMatchObject({ read: ['b.cu'], scanned: ['b.cu'] });
    expect(third.results[1]!.lines).toBe(3);
  });

  it('an edit that keeps the size and restores the mtime is still read (the ctime moved)', async () => {
    const tree = temp();
    const cache = temp();
    const file = join(tree, 'a.cu');
    writeFileSync(file, 'int a;\n');
    // A whole-second mtime, so that restoring it is exact.
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const before = statSync(file);
    await run(cache, tree, ['a.cu']);
    // Let the clock tick so the rewrite gets a later ctime on any file system with fine timestamps.
    for (const start = Date.now(); Date.now() - start < 20;);
    writeFileSync(file, 'int z;\n');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    const second = await run(cache, tree, ['a.cu']);
    expect(second.read).toEqual(['a.cu']);
    // Same bytes as no entry knows: scanned afresh.
    expect(second.scanned).toEqual(['a.cu']);
  });

  it('a stat taken in the same instant as the file\'s last write is not trusted (racily clean)', async () => {
    const tree = temp();
    const cache = temp();
    writeFileSync(join(tree, 'a.cu'), 'int a;\n');
    await run(cache, tree, ['a.cu'], 0);
    // Not recorded: the second run hashes the file again (and finds its entry).
    expect(await run(cache, tree, ['a.cu'])).toMatchObject({ read: ['a.cu'], scanned: [] });
    expect(await run(cache, tree, ['a.cu'])).toMatchObject({ read: [], scanned: [] });
  });
});
