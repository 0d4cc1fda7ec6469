// The HTML report's view of the Report: plain rows and numbers per target, ready to draw. This is the
// only module of src/report/html/ that reads the Report, so a change of the report model (the
// estimate rework) is a local change here.
import { STATUSES, type Status, type Target } from '../../model.js';
import { chargedPerApi } from '../../estimate/estimate.js';
import type { Report } from '../build.js';
import { managementSummary, targetFacts, type TargetFacts } from '../management-summary.js';
import type { Lang, Translate } from '../../i18n/messages.js';
import { noteIn } from '../../i18n/notes.js';
import { buildTree, type TreeNode } from '../dir-tree.js';

/** The rule whose status tells whether kernels are rewritten on a target (as in build.ts). */
const GLOBAL_KERNEL_RULE = 'construct.global-kernel';

export interface Place { file: string; line: number }

export interface BlockerRow { name: string; status: Status; count: number; likelyHours: number; equivalent: string; note: string; places: Place[] }
export interface KernelRow { name: string; place: Place; lines: number; status: Status; likelyHours: number; hazards: { status: Status; reason: string }[] }
export interface FileRow { path: string; language: string; lines: number; findings: number; likelyHours: number }

export interface TargetView {
  facts: TargetFacts;
  sentences: string[];
  statusCounts: Record<Status, number>;
  blockers: BlockerRow[];
  kernels: KernelRow[];
  files: FileRow[];
  /** Directories rolled up over their subtree, from the estimate's per-file hours (as text and Markdown). */
  tree: TreeNode;
}

export interface HtmlView {
  version: string;
  scanned: { files: number; lines: number; findings: number; kernels: number };
  summaryHeading: string;
  sentenceSep: string;
  assumption: string;
  targets: Target[];
  perTarget: Record<string, TargetView>;
}

const place = (loc: string): Place => {
  const i = loc.lastIndexOf(':');
  return { file: loc.slice(0, i), line: Number(loc.slice(i + 1)) };
};
const round1 = (n: number) => Math.round(n * 10) / 10;
const byHoursThenName = <T extends { likelyHours: number }>(key: (r: T) => string) => (a: T, b: T) =>
  b.likelyHours - a.likelyHours || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function buildHtmlView(report: Report, t: Translate, lang?: Lang): HtmlView {
  const a = report.assumptions;
  const covered = new Set<string>(a.coveredByKernelRewrite);
  const summary = managementSummary(report, t);
  const perTarget: Record<string, TargetView> = {};
  for (const target of report.targets) {
    const rewritten = report.rules[GLOBAL_KERNEL_RULE]?.targets[target]?.status === 'rewrite';
    // Per file: the likely hours of its findings charged per occurrence, plus its kernels' hours.
    const fileHours = new Map<string, number>();
    for (const f of report.findings) {
      const status = f.status[target]!;
      if (chargedPerApi(f, status, rewritten, covered)) fileHours.set(f.file, (fileHours.get(f.file) ?? 0) + a.perOccurrence[status][1]);
    }
    for (const k of report.kernels) fileHours.set(k.file, (fileHours.get(k.file) ?? 0) + (k.hours[target]?.[1] ?? 0));

    const blockers = (report.blockers[target] ?? []).map((b) => ({
      name: b.name, status: b.status, count: b.count,
      // One decision for the API plus each occurrence, at the blocker's status.
      likelyHours: round1(a.perDistinctApi[b.status][1] + b.count * a.perOccurrence[b.status][1]),
      equivalent: b.equivalent ?? '', note: noteIn(lang, b.ruleId, target, b.note) ?? '', places: b.locations.map(place),
    })).sort(byHoursThenName((r) => r.name));

    const kernels = report.kernels.map((k) => ({
      name: k.name, place: { file: k.file, line: k.line }, lines: k.lines, status: k.status[target]!,
      likelyHours: round1(k.hours[target]?.[1] ?? 0),
      hazards: (k.hazards[target] ?? []).map((h) => ({ status: h.status, reason: h.reason })),
    })).sort(byHoursThenName((r) => `${r.place.file}:${r.place.line}`));

    const files = report.files.filter((f) => f.findings > 0 || fileHours.has(f.file)).map((f) => ({
      path: f.file, language: f.language, lines: f.lines, findings: f.findings, likelyHours: round1(fileHours.get(f.file) ?? 0),
    })).sort(byHoursThenName((r) => r.path));

    perTarget[target] = {
      facts: targetFacts(report, target),
      sentences: summary.targets.find((s) => s.target === target)!.sentences,
      statusCounts: { ...report.targetSummaries[target]!.statusCounts },
      blockers, kernels, files,
      tree: buildTree(report.targetSummaries[target]!.estimate.fileHours),
    };
  }
  return {
    version: report.tool.version,
    scanned: { files: report.summary.filesScanned, lines: report.summary.lines, findings: report.summary.findings, kernels: report.summary.kernels },
    summaryHeading: summary.heading,
    sentenceSep: summary.sentenceSep,
    assumption: summary.assumption,
    targets: report.targets,
    perTarget,
  };
}

export { STATUSES };
