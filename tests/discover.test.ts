import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/discover/discover.js';
import { tempTree } from './helpers.js';

const tree = (files: Record<string, string>) => tempTree(files, 'cuport-discover-');

const displays = async (root: string, options = {}) => (await discover([root], options)).files.map((f) => `${f.display}:${f.language}`);

describe('discovery', () => {
  it('picks languages by extension and skips other files', async () => {
    const root = tree({
      'a.cu': '', 'b.cuh': '', 'c.cpp': '', 'd.h': '', 'e.hpp': '', 'f.cc': '', 'g.inl': '', 'h.py': '', 'README.md': '', 'i.txt': '',
    });
    expect(await displays(root)).toEqual([
      'a.cu:cuda', 'b.cuh:cuda', 'c.cpp:cpp', 'd.h:cpp', 'e.hpp:cpp', 'f.cc:cpp', 'g.inl:cpp', 'h.py:python',
    ]);
  });

  it('gives a folder of requirement files the same languages whether it or its parent is scanned', async () => {
    const root = tree({ 'requirements/cuda.txt': '', 'requirements/notes.md': '' });
    expect(await displays(root)).toEqual(['requirements/cuda.txt:pip-requirements']);
    expect(await displays(join(root, 'requirements'))).toEqual(['cuda.txt:pip-requirements']);
  });

  it('skips .git, node_modules and build output', async () => {
    const root = tree({ 'src/k.cu': '', '.git/x.cu': '', 'node_modules/p/y.cu': '', 'build/z.cu': '', 'cmake-build-debug/w.cu': '', 'pkg/__pycache__/m.py': '' });
    expect(await displays(root)).toEqual(['src/k.cu:cuda']);
  });

  it('honours nested .gitignore files relative to their own folder', async () => {
    const root = tree({
      '.gitignore': 'generated/\n*.gen.cu\n',
      'src/.gitignore': 'legacy.cu\n!keep.gen.cu\n',
      'src/a.cu': '', 'src/legacy.cu': '', 'src/x.gen.cu': '', 'generated/b.cu': '', 'legacy.cu': '',
    });
    expect(await displays(root)).toEqual(['legacy.cu:cuda', 'src/a.cu:cuda']);
    expect(await displays(root, { useGitignore: false })).toHaveLength(5);
  });

  it('applies --include and --exclude globs to paths relative to the scanned folder', async () => {
    const root = tree({ 'src/a.cu': '', 'src/b.py': '', 'tests/t.cu': '', 'third_party/x.cu': '' });
    expect(await displays(root, { include: ['src/**'] })).toEqual(['src/a.cu:cuda', 'src/b.py:python']);
    expect(await displays(root, { exclude: ['third_party/**', '**/*.py'] })).toEqual(['src/a.cu:cuda', 'tests/t.cu:cuda']);
  });

  it('does not follow symbolic links unless asked', async () => {
    const outside = tree({ 'secret.cu': '' });
    const root = tree({ 'a.cu': '' });
    symlinkSync(join(outside, 'secret.cu'), join(root, 'link.cu'));
    symlinkSync(outside, join(root, 'linked-dir'));
    expect(await displays(root)).toEqual(['a.cu:cuda']);
    expect((await discover([root])).skipped.map((s) => `${s.file}:${s.reason}`)).toEqual(['link.cu:symlink', 'linked-dir:symlink']);
    // link.cu and linked-dir/secret.cu are one file (same device and inode): listed once.
    expect(await displays(root, { followSymlinks: true })).toEqual(['a.cu:cuda', 'link.cu:cuda']);
  });

  it('reports paths that do not exist', async () => {
    const result = await discover(['/nonexistent/cuport-path']);
    expect(result.missing).toEqual(['/nonexistent/cuport-path']);
  });
});
