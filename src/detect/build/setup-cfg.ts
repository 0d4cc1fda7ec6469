// setup.cfg: INI sections; requirements are the lines of `install_requires` / `setup_requires` /
// `tests_require` in [options] and every value in [options.extras_require]. `#` and `;` start comment lines.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { FindingSink } from './findings.js';
import { scanRequirement } from './requirements.js';

const REQUIREMENT_KEYS = new Set(['install_requires', 'setup_requires', 'tests_require']);

export function detectSetupCfg(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  let section = '';
  let inRequirements = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    const here = offset;
    offset += line.length + 1;
    if (/^\s*[#;]/.test(line) || !line.trim()) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      inRequirements = false;
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && !/^\s/.test(line)) {
      inRequirements = section === 'options.extras_require' || (section === 'options' && REQUIREMENT_KEYS.has(kv[1]!));
      if (inRequirements && kv[2]!.trim()) scanRequirement(sink, withoutInlineComment(kv[2]!), here + line.length - kv[2]!.length);
      continue;
    }
    if (inRequirements && /^\s/.test(line)) scanRequirement(sink, withoutInlineComment(line), here);
  }
  return sink.findings;
}

/** One requirement per line; an inline ` # comment` is dropped. */
function withoutInlineComment(value: string): string {
  const cut = value.search(/\s#/);
  return cut >= 0 ? value.slice(0, cut) : value;
}
