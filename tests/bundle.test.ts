import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

// The bin and its worker are bundled by scripts/bundle.mjs (npm run build): a one-file scan loads a few
// chunks instead of ~110 ES modules (bench/README.md "Start-up").
const cliDir = join(import.meta.dirname, '..', 'dist', 'cli');
const relativeImports = (file: string) =>
  [...readFileSync(join(cliDir, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!);

describe('bundled command line', () => {
  it('main.js and worker.js import only their own chunks, and every chunk they name exists', () => {
    const chunks = new Set(readdirSync(cliDir).filter((f) => /^chunk-.*\.js$/.test(f)));
    for (const entry of ['main.js', 'worker.js']) {
      const imports = relativeImports(entry);
      expect(imports.length, entry).toBeGreaterThan(0);
      for (const spec of imports) {
        expect(spec, `${entry} imports ${spec}`).toMatch(/^\.\/chunk-[\w-]+\.js$/);
        expect(chunks.has(spec.slice(2)), `${spec} exists`).toBe(true);
      }
    }
  });

  it('scans from the bundle, finding the rule table and messages where the unbundled build did', () => {
    const out = execFileSync(process.execPath, [join(cliDir, 'main.js'), 'scan', join(import.meta.dirname, '..', 'samples'), '--format', 'json', '--no-cache', '--jobs', '2', '--no-config'], { encoding: 'utf8' });
    const report = JSON.parse(out) as { summary: { filesScanned: number }; findings: unknown[] };
    expect(report.summary.filesScanned).toBeGreaterThan(5);
    expect(report.findings.length).toBeGreaterThan(10);
  });

  it("runs as its own executable through the shebang, whose V8 flags give a young generation smaller than node's default", () => {
    const bin = join(cliDir, 'main.js');
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+/);
    const line = readFileSync(bin, 'utf8').split('\n', 1)[0]!;
    const flags = /^#!\/usr\/bin\/env -S node((?: --[\w-]+=\d+)+)$/.exec(line)?.[1]?.trim().split(' ');
    expect(flags).toBeDefined();
    const newSpace = (args: string[]) => Number(execFileSync(process.execPath, [...args, '-e', `
      let keep = []; // enough young garbage for the new space to grow to its limit
      for (let i = 0; i < 2e6; i++) { keep.push({ i }); if (keep.length > 100000) keep = []; }
      process.stdout.write(String(require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`], { encoding: 'utf8' }));
    expect(newSpace(flags!)).toBeLessThan(newSpace([]));
  });
});
