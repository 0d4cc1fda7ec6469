// The report as a flat list of gate items: every finding, and every kernel hazard that is not itself a
// finding (a 32-wide warp assumption, shared-memory size, ...). SARIF, GitHub annotations, GitLab Code
// Quality, the PR summary and --fail-on all read this one list, so they always agree on what is counted.
import { createHash } from 'node:crypto';
import { STATUSES, type Status, type Target } from '../model.js';
import { worse } from '../classify/classify.js';
import { UNRECOGNIZED } from '../detect/cpp-matcher.js';
import type { Finding } from '../model.js';
import type { Report } from '../report/build.js';

export interface GateItem {
  /** A rule id, or `kernel.<feature>` for a kernel hazard. */
  ruleId: string;
  /** The key of `report.rules` for a finding (unrecognized names are keyed by name), or the ruleId. */
  ruleKey: string;
  /** The CUDA name, or the kernel's name. */
  name: string;
  kind: 'finding' | 'kernel';
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Status on each selected target (a kernel hazard: only the targets where it applies). */
  status: Partial<Record<Target, Status>>;
  worst: Status;
  /** One line per target: why it has that status. */
  why: Partial<Record<Target, string>>;
  /** Stable when lines move (src/scan/fingerprint.ts for findings; file + kernel + feature for hazards). */
  fingerprint: string;
  suppression?: Finding['suppression'];
  /** Source keys cited (rule mapping or hazard source), per target. */
  sources: Partial<Record<Target, string>>;
}

export const KERNEL_RULE_PREFIX = 'kernel.';

export function gateItems(report: Report): GateItem[] {
  const items: GateItem[] = [];
  for (const f of report.findings) {
    const ruleKey = f.ruleId === UNRECOGNIZED ? `${UNRECOGNIZED}:${f.name}` : f.ruleId;
    const rule = report.rules[ruleKey];
    const why: GateItem['why'] = {};
    const sources: GateItem['sources'] = {};
    for (const t of report.targets) {
      const m = rule?.targets[t];
      why[t] = m ? `${m.status}${m.name ? ` → ${m.name}` : ''}${m.note ? `: ${m.note}` : ''}` : f.status[t]!;
      if (m?.source) sources[t] = m.source;
    }
    items.push({
      ruleId: f.ruleId, ruleKey, name: f.name, kind: 'finding', file: f.file, line: f.line, column: f.column,
      endLine: f.endLine, endColumn: f.endColumn, status: f.status, worst: worstOf(f.status), why,
      fingerprint: f.fingerprint ?? lineFreeHash([f.file, f.ruleId, f.name, f.scope ?? '']),
      ...(f.suppression ? { suppression: f.suppression } : {}), sources,
    });
  }
  for (const k of report.kernels) {
    // One item per (kernel, feature); `cuda-api` hazards restate findings, which are items already.
    const byFeature = new Map<string, GateItem>();
    for (const t of report.targets) {
      for (const h of k.hazards[t] ?? []) {
        if (h.feature === 'cuda-api' || h.status === 'native') continue;
        let item = byFeature.get(h.feature);
        if (!item) {
          const at = parseLocation(h.locations[0]);
          const ruleId = `${KERNEL_RULE_PREFIX}${h.feature}`;
          item = {
            ruleId, ruleKey: ruleId, name: k.name, kind: 'kernel',
            file: at?.file ?? k.file, line: at?.line ?? k.line, column: 1, endLine: at?.line ?? k.line, endColumn: 1,
            status: {}, worst: 'native', why: {}, sources: {},
            fingerprint: lineFreeHash([k.file, k.name, h.feature]),
            // A kernel accepted through its __global__ definition (cuport-ignore, baseline) takes its hazards
            // along; a hazard is also accepted by a directive on its own line(s) (src/gate/accept.ts).
            ...(k.suppression ?? h.suppression ? { suppression: k.suppression ?? h.suppression } : {}),
          };
          byFeature.set(h.feature, item);
          items.push(item);
        }
        item.status[t] = h.status;
        item.why[t] = `${h.status}: kernel ${k.name}: ${h.reason}`;
        item.sources[t] = h.source;
        item.worst = worse(item.worst, h.status);
      }
    }
  }
  return items.sort(compareItems);
}

/** Worst first, then by place: the order every capped list uses, so the cap drops the least severe. */
export function compareItems(a: GateItem, b: GateItem): number {
  return severityRank(b.worst) - severityRank(a.worst) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line ||
    a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.fingerprint < b.fingerprint ? -1 : 1);
}

export const severityRank = (s: Status): number => STATUSES.indexOf(s);

export const worstOf = (status: Partial<Record<Target, Status>>): Status =>
  Object.values(status).reduce<Status>((acc, s) => worse(acc, s!), 'native');

/** `MUSA adapt, CANN rewrite`: the verdicts on the targets where the item applies. */
export const verdictList = (item: GateItem, targets: Target[]): string =>
  targets.filter((t) => item.status[t]).map((t) => `${t} ${item.status[t]}`).join(', ');

/** `dcu: adapt → hipX: note` per target where the item applies, joined by `separator`. */
export const verdictDetails = (item: GateItem, targets: Target[], separator: string): string =>
  targets.filter((t) => item.status[t]).map((t) => `${t}: ${item.why[t]}`).join(separator);

export function parseLocation(s: string | undefined): { file: string; line: number } | undefined {
  const m = s ? /^(.*):(\d+)$/.exec(s) : null;
  return m ? { file: m[1]!, line: Number(m[2]) } : undefined;
}

function lineFreeHash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
