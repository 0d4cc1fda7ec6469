// pyproject.toml, read as much TOML as dependency lists need: tables, `key = value` with multi-line arrays,
// quoted strings, comments. Requirement strings are read where TOML puts dependencies (PEP 621
// dependencies / optional-dependencies, build-system requires, dependency groups, Poetry dependency
// tables); a URL anywhere (a uv or Poetry package index) is checked for a CUDA wheel index.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { BUILD_TOKENS, FindingSink } from './findings.js';
import { stripHashComments } from './make.js';
import { CUDA_INDEX_URL, CUDA_LOCAL_VERSION, scanRequirement } from './requirements.js';

const STRING = /"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'/g;

function isRequirementList(table: string, key: string): boolean {
  return (table === 'project' && key === 'dependencies')
    || table === 'project.optional-dependencies'
    || (table === 'build-system' && key === 'requires')
    || table === 'dependency-groups'
    || (table === 'tool.uv' && (key === 'dev-dependencies' || key === 'constraint-dependencies' || key === 'override-dependencies'));
}

const isPoetryDependencyTable = (table: string) => /^tool\.poetry(\.group\.[^.]+)?\.(dev-)?dependencies$/.test(table);

export function detectPyproject(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  const code = stripHashComments(text, { quotes: true });
  let current = '';
  let key = '';
  let depth = 0;
  let offset = 0;
  for (const line of code.split('\n')) {
    const header = depth === 0 ? /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$/.exec(line) : null;
    if (header) {
      current = header[1]!.replace(/\s+/g, '').replace(/"/g, '');
      key = '';
    } else {
      let valueFrom = 0;
      if (depth === 0) {
        const kv = /^\s*("[^"]*"|[A-Za-z0-9_.-]+)\s*=/.exec(line);
        if (kv) {
          key = kv[1]!.replace(/"/g, '');
          valueFrom = kv[0].length;
          if (isPoetryDependencyTable(current) && key !== 'python') {
            const start = offset + line.indexOf(kv[1]!);
            scanRequirement(sink, key, start);
          }
        }
      }
      const value = line.slice(valueFrom);
      for (const m of value.matchAll(STRING)) {
        const content = m[1] ?? m[2] ?? '';
        const start = offset + valueFrom + m.index! + 1;
        if (isRequirementList(current, key)) scanRequirement(sink, content, start);
        else if (CUDA_INDEX_URL.test(content)) sink.token(BUILD_TOKENS.wheelIndex, content, start, start + content.length);
        else if (isPoetryDependencyTable(current) && CUDA_LOCAL_VERSION.test(content)) {
          sink.token(BUILD_TOKENS.wheelTag, `${key} ${content}`, start, start + content.length);
        }
      }
      depth = Math.max(0, depth + bracketBalance(value.replace(STRING, '""')));
    }
    offset += line.length + 1;
  }
  return sink.findings;
}

function bracketBalance(s: string): number {
  let d = 0;
  for (const c of s) {
    if (c === '[' || c === '{') d++;
    else if (c === ']' || c === '}') d--;
  }
  return d;
}
