// The HTML report: one self-contained file (inline CSS, inline SVG, a small inline script; no network,
// no fonts, no libraries), same bytes for the same input. Above the fold: the summary and a card per
// target; then charts over all targets; then, for the target chosen in the selector, a directory
// treemap, kernels by hours, and sortable, filterable tables whose rows link to the code.
import { STATUSES, type Status } from '../../model.js';
import { translator, type Translate } from '../../i18n/messages.js';
import type { Report } from '../build.js';
import { escapeHtml as e } from '../escape.js';
import { fmt, percent, type RenderOptions } from '../format.js';
import { CAUSES } from '../management-summary.js';
import { bars, nestedTreemap, stackedBars } from './svg.js';
import { buildHtmlView, type Place, type TargetView } from './view.js';
import { HTML_SCRIPT, HTML_STYLE } from './assets.js';

/** --detail does not change the HTML report: its tables hold every row already. */
export type HtmlOptions = RenderOptions;

const STATUS_COLOURS: Record<Status, string> = {
  native: '#2e7d32', rename: '#81c784', adapt: '#fbc02d', unknown: '#9e9e9e', rewrite: '#ef6c00', unsupported: '#c62828',
};
const CAUSE_COLOURS: Record<string, string> = {
  setup: '#5c6bc0', libraries: '#26a69a', distinctApis: '#42a5f5', occurrences: '#90caf9', kernels: '#ef6c00',
};
const KERNELS_CHARTED = 15;

/** The template with {path} (each segment URL-encoded) and {line} filled in. */
export function codeLink(template: string, p: Place): string {
  return template.replaceAll('{path}', p.file.split('/').map(encodeURIComponent).join('/')).replaceAll('{line}', String(p.line));
}

export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const t = translator(options.lang ?? 'en');
  const view = buildHtmlView(report, t, options.lang);
  const where = (p: Place) => {
    const text = e(`${p.file}:${p.line}`);
    return options.linkTemplate ? `<a href="${e(codeLink(options.linkTemplate, p))}">${text}</a>` : text;
  };
  const hoursCell = (h: number) => `<td class="num" data-v="${h}">${fmt(h)}</td>`;
  const statusCell = (s: Status) => `<td data-v="${STATUSES.indexOf(s)}"><span class="st st-${s}">${s}</span></td>`;

  const cards = view.targets.map((target) => {
    const f = view.perTarget[target]!.facts;
    const [low, likely, high] = f.hours;
    return `<div class="card" data-card="${target}"><h3>${e(f.label)}</h3><div class="big">${fmt(low)}–${fmt(high)} h</div>` +
      `<div>${e(t('html.cardLikely', { likely: fmt(likely), pwLow: fmt(f.personWeeks[0]), pwHigh: fmt(f.personWeeks[2]) }))}</div><div>${e(t('html.cardPortable', { share: percent(f.portableShare) }))}</div>` +
      `<div>${e(t('html.cardKernels', { count: f.hazardKernels.length, total: f.kernels }))}</div></div>`;
  }).join('');

  const hoursChart = stackedBars('hours-by-cause', view.targets.map((target) => ({
    label: view.perTarget[target]!.facts.label,
    segments: CAUSES.map((c) => ({ key: c, value: view.perTarget[target]!.facts.byCause[c] })),
  })), CAUSE_COLOURS, { unit: ' h' });
  const statusChart = stackedBars('status-distribution', view.targets.map((target) => ({
    label: view.perTarget[target]!.facts.label,
    segments: STATUSES.map((s) => ({ key: s, value: view.perTarget[target]!.statusCounts[s] })),
  })), STATUS_COLOURS, { normalize: true });

  const sections = view.targets.map((target, i) => targetSection(target, view.perTarget[target]!, i > 0, where, hoursCell, statusCell, t)).join('\n');

  return `<!DOCTYPE html>
<html lang="${options.lang ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>cuport ${e(view.version)} — ${e(t('html.title'))}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>${e(t('html.title'))}</h1><p>cuport ${e(view.version)} · ${e(t('html.scanned', view.scanned))}</p></header>
<section id="summary"><h2>${e(view.summaryHeading)}</h2><ul>${view.targets.map((target) => `<li>${e(view.perTarget[target]!.sentences.join(view.sentenceSep))}</li>`).join('')}</ul><p class="note">${e(view.assumption)}</p></section>
<section id="cards" class="cards">${cards}</section>
<section id="overview"><h2>${e(t('html.hoursByCause'))}</h2>${hoursChart}<h2>${e(t('html.byStatus'))}</h2>${statusChart}</section>
<nav class="selector"><label for="target-select">${e(t('html.target'))} </label><select id="target-select">${view.targets.map((target) => `<option value="${target}">${e(view.perTarget[target]!.facts.label)}</option>`).join('')}</select></nav>
${sections}
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

/** Column headers from the catalog; a leading `#` marks a numeric (right-aligned) column. */
const cols = (t: Translate, keys: string[]): [string, boolean][] => keys.map((k) => [t(`col.${k.replace('#', '')}`), k.startsWith('#')]);

function table(id: string, header: [string, boolean][], rows: string[], t: Translate): string {
  return `<div class="tablebox"><input class="filter" type="search" placeholder="${e(t('html.filter'))}" data-filter="${id}" aria-label="filter ${id}">` +
    `<table id="${id}" class="sortable"><thead><tr>${header.map(([h, num]) => `<th${num ? ' class="num"' : ''}>${e(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>`;
}

function targetSection(target: string, v: TargetView, hidden: boolean, where: (p: Place) => string, hoursCell: (h: number) => string, statusCell: (s: Status) => string, t: Translate): string {
  const heavyKernels = v.kernels.filter((k) => k.likelyHours > 0).slice(0, KERNELS_CHARTED);
  const blockers = v.blockers.map((b) =>
    `<tr><td><code>${e(b.name)}</code></td>${statusCell(b.status)}<td class="num" data-v="${b.count}">${b.count}</td>${hoursCell(b.likelyHours)}` +
    `<td>${e(b.equivalent)}</td><td>${b.places.map(where).join(', ')}${b.count > b.places.length ? ', …' : ''}</td><td>${e(b.note)}</td></tr>`);
  const kernels = v.kernels.filter((k) => k.hazards.length).map((k) =>
    `<tr><td><code>${e(k.name)}</code></td><td>${where(k.place)}</td><td class="num" data-v="${k.lines}">${k.lines}</td>${statusCell(k.status)}${hoursCell(k.likelyHours)}` +
    `<td><ul>${k.hazards.map((h) => `<li><span class="st st-${h.status}">${h.status}</span> ${e(h.reason)}</li>`).join('')}</ul></td></tr>`);
  const files = v.files.map((f) =>
    `<tr><td>${where({ file: f.path, line: 1 })}</td><td>${e(f.language)}</td><td class="num" data-v="${f.lines}">${f.lines}</td><td class="num" data-v="${f.findings}">${f.findings}</td>${hoursCell(f.likelyHours)}</tr>`);
  return `<section class="target" data-target="${target}"${hidden ? ' hidden' : ''}>
<h2>${e(v.facts.label)}</h2>
<div class="charts"><div><h3>${e(t('html.treemap'))}</h3>${nestedTreemap(`treemap-${target}`, v.tree, { unit: ' h' })}</div>
<div><h3>${e(t('html.kernelChart'))}</h3>${heavyKernels.length ? bars(`kernels-${target}`, heavyKernels.map((k) => ({ label: k.name, value: k.likelyHours, colour: STATUS_COLOURS[k.status] })), { unit: ' h' }) : `<p>${e(t('html.noKernelHours'))}</p>`}</div></div>
<h3>${e(t('html.blockers'))}</h3>${table(`blockers-${target}`, cols(t, ['cuda', 'status', '#count', '#likelyHours', 'equivalent', 'where', 'note']), blockers, t)}
<h3>${e(t('html.hazardKernels'))}</h3>${table(`kernels-table-${target}`, cols(t, ['kernel', 'location', '#lines', 'status', '#likelyHours', 'hazards']), kernels, t)}
<h3>${e(t('html.files'))}</h3>${table(`files-${target}`, cols(t, ['file', 'language', '#lines', '#findings', '#likelyHours']), files, t)}
</section>`;
}
