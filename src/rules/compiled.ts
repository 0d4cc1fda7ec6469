// The rule table precompiled at build time. YAML is pleasant to write but slow to parse (the yaml
// package reads about 1 MB/s), so `npm run build` validates rules/*.yaml once and stores the result
// as JSON with a hash of the sources. At run time the hash is checked: if any rule file changed since
// the build, the YAML is loaded and validated again, so an edited rule is never silently ignored.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRules, ruleFiles, type LoadedRules } from './load.js';
import { loadUnrecognized, type UnrecognizedPatterns } from './match-table.js';

export interface CompiledRules extends LoadedRules {
  hash: string;
  unrecognized: UnrecognizedPatterns;
}

export const COMPILED_FILE = join(fileURLToPath(import.meta.url), '..', '..', 'rules.compiled.json');

/** A hash of every file the table is built from (names and contents). */
export function rulesHash(rulesDir: string): string {
  const hash = createHash('sha256');
  for (const file of [...ruleFiles(rulesDir), ...['schema.json', 'sources.yaml', 'unrecognized.yaml'].map((f) => join(rulesDir, f))]) {
    hash.update(basename(file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function compileRules(rulesDir: string): CompiledRules {
  return { hash: rulesHash(rulesDir), ...loadRules(rulesDir), unrecognized: loadUnrecognized(rulesDir) };
}

/** The validated rule table: from the build's JSON when it matches the sources, else from the YAML. */
export function loadRuleTable(rulesDir: string, compiledFile = COMPILED_FILE): CompiledRules {
  try {
    const compiled = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledRules;
    if (compiled.hash === rulesHash(rulesDir)) return compiled;
  } catch {
    /* no compiled table (running from sources): fall through to the YAML */
  }
  return compileRules(rulesDir);
}

// `node dist/rules/compiled.js RULES_DIR` (run by `npm run build`) writes the compiled table.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rulesDir = process.argv[2] ?? join(fileURLToPath(import.meta.url), '..', '..', '..', 'rules');
  const compiled = compileRules(rulesDir);
  writeFileSync(COMPILED_FILE, JSON.stringify(compiled));
  process.stdout.write(`cuport: compiled ${compiled.rules.length} rules to ${COMPILED_FILE}\n`);
}
