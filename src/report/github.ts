// GitHub Actions workflow commands (`::error file=…,line=…::message`), one annotation per item.
// level: unsupported, rewrite → error · unknown, adapt → warning · rename → notice · native → none.
// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and 50 per job, so
// cuport prints at most MAX_ANNOTATIONS (worst first) and one summary line with the totals.
import type { Status } from '../model.js';
import type { Report } from './build.js';
import { gateItems, verdictDetails, verdictList } from '../gate/items.js';

export const MAX_ANNOTATIONS = 50;
const COMMAND: Record<Status, 'error' | 'warning' | 'notice' | undefined> = {
  unsupported: 'error', rewrite: 'error', unknown: 'warning', adapt: 'warning', rename: 'notice', native: undefined,
};

/** Escaping from GitHub's toolkit (command.ts): data escapes % \r \n; properties also : and ,. */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function renderGithub(report: Report): string {
  const items = gateItems(report).filter((i) => !i.suppression && COMMAND[i.worst]);
  const out = items.slice(0, MAX_ANNOTATIONS).map((i) => {
    const props = [`file=${i.file}`, `line=${i.line}`, `col=${i.column}`, `endLine=${Math.max(i.endLine, i.line)}`, `title=cuport ${i.ruleKey}: ${verdictList(i, report.targets)}`];
    const message = verdictDetails(i, report.targets, '\n');
    return `::${COMMAND[i.worst]} ${props.map((p) => { const eq = p.indexOf('='); return `${p.slice(0, eq)}=${escapeProperty(p.slice(eq + 1))}`; }).join(',')}::${escapeData(`${i.name}\n${message}`)}`;
  });
  const hidden = items.length - Math.min(items.length, MAX_ANNOTATIONS);
  out.push(`::notice title=cuport::${escapeData(`${items.length} annotation(s) on ${report.targets.join(', ')}${hidden ? `; ${hidden} not shown (GitHub shows at most 50 per job): see --format sarif or json for all` : ''}`)}`);
  return out.join('\n') + '\n';
}
