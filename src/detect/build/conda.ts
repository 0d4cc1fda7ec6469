// Conda environment files (environment.yml): the items of the top-level `dependencies:` list are conda
// specs (`pytorch-cuda=12.1`, `cudatoolkit=11.8`, `pytorch=2.1=py3.10_cuda11.8_cudnn8_0`); the items under
// a `- pip:` item are pip requirements. YAML comments (`#` at the start or after a space) are skipped.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { FindingSink } from './findings.js';
import { stripHashComments } from './make.js';
import { scanRequirement } from './requirements.js';

export function detectCondaEnv(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  const code = stripHashComments(text, { afterSpaceOnly: true, quotes: true });
  let inDependencies = false;
  let pipIndent = -1;
  let offset = 0;
  for (const line of code.split('\n')) {
    const here = offset;
    offset += line.length + 1;
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0 && !line.startsWith('-')) {
      inDependencies = /^dependencies\s*:/.test(line);
      pipIndent = -1;
      continue;
    }
    const item = /^(\s*)-\s+(.*?)\s*$/.exec(line);
    if (!inDependencies || !item) continue;
    const itemIndent = item[1]!.length;
    if (pipIndent >= 0 && itemIndent <= pipIndent) pipIndent = -1;
    const value = item[2]!.replace(/^["']|["']$/g, '');
    const at = here + line.indexOf(item[2]!) + (item[2]!.startsWith('"') || item[2]!.startsWith("'") ? 1 : 0);
    if (/^pip\s*:/.test(value)) {
      pipIndent = itemIndent;
      continue;
    }
    if (pipIndent >= 0) {
      scanRequirement(sink, value, at, { detail: 'pip dependency in a conda environment' });
    } else {
      // conda-forge::cupy → cupy
      const channel = /^[\w.-]+::/.exec(value)?.[0] ?? '';
      scanRequirement(sink, value.slice(channel.length), at + channel.length, { conda: true, detail: 'conda dependency' });
    }
  }
  return sink.findings;
}
