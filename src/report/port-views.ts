// The per-target port views of the text and Markdown reports: minimal vs full port, code outside the
// product, an in-tree port's share, vendored library swaps, cost drivers (layers), root causes and the heaviest directories and
// files as a rolled-up tree (dir-tree.ts). One target at a time: hours are never summed over targets
// (a port goes to one target). The top of each list by default, all of it with --detail.
import type { Report } from './build.js';
import { driverLabel, fmt, hours, targetLabel as label } from './format.js';
import { escapeMarkdown } from './escape.js';
import { translator, type Translate } from '../i18n/messages.js';
import { buildTree, countNodes, topOfTree, treeRows } from './dir-tree.js';
import { moreLine } from './text-lines.js';

/** Entries shown by default, per list and format (the text report keeps to ~150 lines, Markdown is the
 *  longer document); --detail shows all. */
export const PORT_VIEW_LIMITS = {
  text: { causes: 0, places: 4, vendored: 3, tree: 5 },
  markdown: { causes: 5, places: 4, vendored: Infinity, tree: 12 },
} as const;

export interface PortViewOptions {
  markdown: boolean;
  t?: Translate;
  detail?: boolean;
  /** Lines the caller puts into each target's view after its costs (the text report's blockers). */
  extra?: (target: Report['targets'][number]) => string[];
}

export function renderPortViews(report: Report, options: PortViewOptions): string[] {
  const { markdown, detail = false } = options;
  const t = options.t ?? translator('en');
  const out: string[] = [];
  const heading = (text: string) => (markdown ? ['', `## ${text}`, ''] : ['', text]);
  const sub = (text: string) => (markdown ? ['', `**${text}**`, ''] : [`  ${text}`]);
  // Text indents lists under their sub-heading; Markdown nests only the tree's own levels.
  const item = (text: string, depth = 0) => (markdown ? `${'  '.repeat(Math.max(0, depth - 1))}- ${text}` : `${'  '.repeat(depth + 1)}${text}`);
  const more = (hidden: number) => (markdown ? moreLine(t, hidden, '- ') : moreLine(t, hidden, '    '));
  // Paths and names come from the scanned tree: escaped for Markdown (the text report escapes every line).
  const s = (text: string) => (markdown ? escapeMarkdown(text) : text);
  const limits = PORT_VIEW_LIMITS[markdown ? 'markdown' : 'text'];
  const cap = <T>(list: T[], n: number) => (detail ? list : list.slice(0, n));
  for (const tg of report.targets) {
    const ts = report.targetSummaries[tg]!;
    out.push(...heading(t('report.portTo', { target: label(report, tg) })));
    const optional = ts.optionalFeatures.map((f) => `${f.macro} (${f.findings})`).join(', ');
    out.push(item(t('report.minimal', { minimal: hours(ts.minimal.total), without: optional ? t('report.without', { list: s(optional) }) : '', full: hours(ts.estimate.total) })));
    const beside = Object.entries(ts.beside).map(([scope, r]) => `${scope} ${fmt(r![1])} h`).join(', ');
    if (beside) out.push(item(t('report.beside', { list: beside })));
    if (ts.inTree) {
      out.push(item(t('report.inTree', { target: tg.toUpperCase(), share: Math.round(ts.inTree.share * 100), via: ts.inTree.via.map(s).join(', ') })));
    }
    // The short text report keeps to ~150 lines: its summary names the top two drivers; the full list of
    // drivers and the compatibility layer are in Markdown, HTML, JSON and --detail.
    if (ts.compatLayer && (markdown || detail)) {
      const c = ts.compatLayer;
      out.push(item(t('report.compatLayer', { layer: s(c.name), covered: c.covered, of: c.of, with: hours(c.total), without: hours(ts.estimate.total), leaves: s(c.leaves) })));
    }
    // The hours by layer (cuDNN layers, kernels, setup, ...): what a migration lead plans the port by.
    const drivers = (markdown || detail ? ts.estimate.drivers : []).map((d) => `${s(driverLabel(t, d.name))} ${fmt(d.likelyHours)} h`).join(', ');
    if (drivers) out.push(item(t('report.drivers', { list: drivers })));
    const swaps = cap(ts.vendoredSwaps, limits.vendored);
    for (const v of swaps) {
      out.push(item(t('report.vendored', { library: s(v.library), root: s(v.root), files: v.files, status: t(`status.${v.status}`), equivalent: v.equivalent ? ` → ${s(v.equivalent)}` : '', hours: fmt(v.likelyHours) })));
    }
    out.push(...more(ts.vendoredSwaps.length - swaps.length));
    out.push(...(options.extra?.(tg) ?? []));

    // Text leaves the causes to --detail (one line after all targets says how many): its blockers and
    // kernels table already name the heaviest ones.
    const causes = cap(ts.estimate.causes, limits.causes);
    if (causes.length) out.push(...sub(t('report.causes')));
    for (const c of causes) {
      const shownPlaces = cap(c.places, limits.places);
      const places = shownPlaces.map((p) => `${s(p.file)}${p.count > 1 ? ` ×${p.count}` : ''}`).join(', ');
      const rest = c.places.length > shownPlaces.length ? t('report.causeFiles', { count: c.places.length }) : '';
      out.push(item(t('report.cause', { hours: fmt(c.likelyHours), name: s(c.name), status: t(`status.${c.status}`), places: places + rest }), 1));
    }
    if (causes.length) out.push(...more(ts.estimate.causes.length - causes.length));

    const tree = buildTree(ts.estimate.fileHours);
    const total = countNodes(tree);
    if (!total) continue;
    const chosen = topOfTree(tree, detail ? total : limits.tree);
    out.push(...sub(t('report.tree')));
    for (const { node, depth } of treeRows(tree, chosen)) out.push(item(`${s(node.name)}${node.isDir ? '/' : ''}  ${fmt(node.likelyHours)} h`, depth + 1));
    out.push(...more(total - chosen.size));
  }
  return out;
}
