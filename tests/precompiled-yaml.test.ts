// The build's precompiled YAML data files (dist/yaml.compiled.json, src/rules/load.ts): through the built
// code, each data file gives the same data as parsing it, positions still resolve, and an edited file is
// parsed afresh.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, RULES_DIR } from './helpers.js';

const DATA_FILES = ['effort.yaml', 'scopes/scopes.yaml', 'sources.yaml', 'unrecognized.yaml', 'kernels/hazards.yaml', 'compat/layers.yaml'];

/** parseYamlFile's data and lineOf(pointer) from the built module, for each file. */
function builtParse(files: string[], pointer: string[]): { data: unknown; line: number }[] {
  const script = `import { parseYamlFile, lineOf } from ${JSON.stringify(join(ROOT, 'dist', 'rules', 'load.js'))};
    const out = ${JSON.stringify(files)}.map((f) => { const p = parseYamlFile(f); return { data: p.data, line: lineOf(p, ${JSON.stringify(pointer)}) }; });
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('precompiled YAML data files', () => {
  it('the build precompiled every data file, and each gives the data a parse gives', () => {
    const store = JSON.parse(readFileSync(join(ROOT, 'dist', 'yaml.compiled.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(store).length).toBe(DATA_FILES.length);
    const files = DATA_FILES.map((f) => join(RULES_DIR, f));
    builtParse(files, []).forEach((got, i) => expect(got.data).toEqual(parse(readFileSync(files[i]!, 'utf8'))));
  });

  it('an edited copy is parsed, not answered from the build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-yaml-'));
    try {
      const file = join(dir, 'effort.yaml');
      copyFileSync(join(RULES_DIR, 'effort.yaml'), file);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nextraForTest: 42\n`);
      const [got] = builtParse([file], ['extraForTest']);
      expect((got!.data as Record<string, unknown>).extraForTest).toBe(42);
      // Positions come from the parse: the added key is on the last line.
      expect(got!.line).toBe(readFileSync(file, 'utf8').trimEnd().split('\n').length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('positions of a precompiled file still resolve (errors name their line)', () => {
    const file = join(RULES_DIR, 'effort.yaml');
    const key = 'version'; // a scalar: its value is on the key's line
    const [got] = builtParse([file], [key]);
    const expected = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(`${key}:`)) + 1;
    expect(got!.line).toBe(expected);
  });
});
