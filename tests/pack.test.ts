// The published package works as a dependency of another project: `npm pack`, install the tarball into
// a scratch project (from the npm cache where possible), and run `npx cuport scan` there. Slow (~30 s
// on a loaded 2-core machine), hence its own file.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack → install → npx cuport', () => {
  it('installs from the tarball and scans', () => {
    const work = mkdtempSync(join(tmpdir(), 'cuport-pack-'));
    // --ignore-scripts: dist/ is already built by `npm test`; prepare would rebuild it.
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/rules.compiled.json');
    expect(files.some((f) => f.startsWith('tests/') || f.startsWith('src/'))).toBe(false);

    const project = join(work, 'consumer');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed[0].filename)], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'cuport', 'package.json'), 'utf8'));
    expect(installed.dependencies['@types/picomatch']).toBeUndefined();
    expect(installed.dependencies['tree-sitter-cpp']).toBeUndefined();
    // Exactly one tree-sitter in the consumer's whole tree (an alias keeps the grammars' old optional
    // peers from pulling a second, unused copy), and it is the 0.25.1 cuport loads.
    const copies = packagesNamed(join(project, 'node_modules'), 'tree-sitter');
    expect(copies.map((c) => c.version)).toEqual(['0.25.1']);
    const fromCuport = createRequire(join(project, 'node_modules', 'cuport', 'dist', 'cli', 'main.js'));
    expect(fromCuport.resolve('cuport-tree-sitter/package.json')).toBe(join(copies[0]!.dir, 'package.json'));
    // The optional FFI that gives freed syntax-tree memory back (src/scan/release-memory.ts) comes along.
    expect(() => fromCuport.resolve('koffi')).not.toThrow();

    writeFileSync(join(project, 'a.cu'), '#include <cuda_runtime.h>\nint main() { float* p; cudaMalloc(&p, 4); return 0; }\n');
    const r = spawnSync(npm, ['exec', '--offline', '--', 'cuport', 'scan', '.', '--format', 'gitlab', '--target', 'dcu', '-q'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const issues = JSON.parse(r.stdout);
    expect(issues.map((i: { check_name: string }) => i.check_name)).toEqual(expect.arrayContaining(['cudart.cudaMalloc', 'hdr.cuda_runtime.h']));
  }, 150_000);
});

/** Every installed package whose package.json `name` is `name` (aliases included), walking node_modules. */
function packagesNamed(nodeModules: string, name: string): { dir: string; version: string }[] {
  const found: { dir: string; version: string }[] = [];
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const pkgDir = join(dir, entry.name);
      if (entry.name.startsWith('@')) { visit(pkgDir); continue; }
      const manifest = join(pkgDir, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
        if (pkg.name === name) found.push({ dir: pkgDir, version: pkg.version });
      }
      visit(join(pkgDir, 'node_modules'));
    }
  };
  visit(nodeModules);
  return found.sort((a, b) => (a.dir < b.dir ? -1 : 1));
}
