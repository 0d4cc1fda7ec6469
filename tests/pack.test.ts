// The published package works as a dependency of another project: `npm pack`, install the tarball into
// a scratch project (from the npm cache where possible), and run `npx cuport scan` there. Slow (~30 s
// on a loaded 2-core machine), hence its own file.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    // cuport's own parser binding is the 0.25.1 the grammars were built against.
    const fromCuport = createRequire(join(project, 'node_modules', 'cuport', 'dist', 'cli', 'main.js'));
    expect(JSON.parse(readFileSync(fromCuport.resolve('tree-sitter/package.json'), 'utf8')).version).toBe('0.25.1');

    writeFileSync(join(project, 'a.cu'), '#include <cuda_runtime.h>\nint main() { float* p; cudaMalloc(&p, 4); return 0; }\n');
    const r = spawnSync(npm, ['exec', '--offline', '--', 'cuport', 'scan', '.', '--format', 'gitlab', '--target', 'dcu', '-q'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const issues = JSON.parse(r.stdout);
    expect(issues.map((i: { check_name: string }) => i.check_name)).toEqual(expect.arrayContaining(['cudart.cudaMalloc', 'hdr.cuda_runtime.h']));
  }, 150_000);
});
