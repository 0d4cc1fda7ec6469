// The per-target port views of the text and Markdown reports: minimal vs full port, code outside the
// product, an in-tree port's share, vendored library swaps, cost drivers (layers), root causes and
// heaviest files/directories.
// One target at a time: hours are never summed over targets (a port goes to one target).
import type { Report } from './build.js';
import { fmt, hours, targetLabel as label } from './format.js';
import { escapeMarkdown } from './escape.js';

const MAX_CAUSES = 5;
const MAX_DRIVERS = 6;
const MAX_PLACES = 4;
const MAX_WEIGHTS = 5;

export function renderPortViews(report: Report, markdown: boolean): string[] {
  const out: string[] = [];
  const heading = (text: string) => (markdown ? ['', `## ${text}`, ''] : ['', text]);
  const item = (text: string) => (markdown ? `- ${text}` : `  ${text}`);
  // Paths and names come from the scanned tree: escaped for Markdown (the text report escapes every line).
  const s = (text: string) => (markdown ? escapeMarkdown(text) : text);
  for (const t of report.targets) {
    const ts = report.targetSummaries[t]!;
    out.push(...heading(`Port to ${label(report, t)}`));
    const optional = ts.optionalFeatures.map((f) => `${f.macro} (${f.findings})`).join(', ');
    out.push(item(`minimal port ${hours(ts.minimal.total)} h${optional ? `, without ${optional}` : ''}; full port ${hours(ts.estimate.total)} h`));
    const beside = Object.entries(ts.beside).map(([scope, r]) => `${scope} ${fmt(r![1])} h`).join(', ');
    if (beside) out.push(item(`outside the product, not in the totals: ${beside}`));
    if (ts.inTree) {
      out.push(item(`this repository already has a ${t.toUpperCase()} path: ${Math.round(ts.inTree.share * 100)} % of CUDA uses are covered (${ts.inTree.via.map(s).join(', ')}); costed as verification only`));
    }
    for (const v of ts.vendoredSwaps) out.push(item(`vendored ${v.library} at ${s(v.root)}/ (${v.files} files): one library swap, ${v.status}${v.equivalent ? ` → ${v.equivalent}` : ''}, ${fmt(v.likelyHours)} h`));
    const drivers = ts.estimate.drivers.slice(0, MAX_DRIVERS).map((d) => `${s(d.name)} ${fmt(d.likelyHours)} h`).join(', ');
    if (drivers) out.push(item(`cost drivers: ${drivers}`));
    for (const c of ts.estimate.causes.slice(0, MAX_CAUSES)) {
      const places = c.places.slice(0, MAX_PLACES).map((p) => `${s(p.file)}${p.count > 1 ? ` ×${p.count}` : ''}`).join(', ');
      out.push(item(`cause ${fmt(c.likelyHours)} h: ${s(c.name)} (${c.status}) in ${places}${c.places.length > MAX_PLACES ? `, … (${c.places.length} files)` : ''}`));
    }
    for (const w of ts.heaviest.files.slice(0, MAX_WEIGHTS)) out.push(item(`file ${s(w.path)}: ${fmt(w.likelyHours)} h`));
    for (const w of ts.heaviest.directories.slice(0, MAX_WEIGHTS)) out.push(item(`directory ${s(w.path)}/: ${fmt(w.likelyHours)} h`));
  }
  return out;
}
