// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, every rule used declared once,
// findings and kernel hazards as results, fingerprints stable when lines move, suppressions carried.
//
// level from the worst status on the selected targets:
//   unsupported, rewrite → error · unknown, adapt → warning · rename → note · native → none
// GitHub's documented upload limits (docs.github.com, code scanning "SARIF results exceed limit"):
// 25,000 results per run, 25,000 rules per run, 1,000 locations per result, 20 tags per rule,
// 10 MB per gzip-compressed file. cuport emits one location per result and at most 5 tags per rule, and
// caps results at MAX_SARIF_RESULTS (worst first), saying so in the run's notifications.
import { gzipSync } from 'node:zlib';
import type { Rule, SourceInfo, Status, Target } from '../model.js';
import { TARGET_LABELS } from '../model.js';
import type { Report } from './build.js';
import { gateItems, KERNEL_RULE_PREFIX, verdictDetails, verdictList, type GateItem } from '../gate/items.js';

export const MAX_SARIF_RESULTS = 25_000;
/** GitHub rejects uploads over 10 MB gzip-compressed; keep a margin. */
export const MAX_SARIF_GZIP_BYTES = 9_500_000;

export const SARIF_LEVEL: Record<Status, 'error' | 'warning' | 'note' | 'none'> = {
  unsupported: 'error', rewrite: 'error', unknown: 'warning', adapt: 'warning', rename: 'note', native: 'none',
};

export interface SarifContext {
  /** The rule table's rules by id (for the `explain` text), and every source key (hazard sources too). */
  rules: Map<string, Rule>;
  sources: Record<string, SourceInfo>;
  /** The `cuport explain` text of a rule on the selected targets. */
  explain: (rule: Rule) => string;
}

export function renderSarif(report: Report, ctx: SarifContext, maxGzipBytes = MAX_SARIF_GZIP_BYTES): string {
  const all = gateItems(report);
  // Items are worst first, so dropping from the end drops the least severe; halve until the upload fits.
  let limit = Math.min(all.length, MAX_SARIF_RESULTS);
  let text = sarifText(report, ctx, all, limit);
  while (limit > 0 && gzipSync(text).length > maxGzipBytes) text = sarifText(report, ctx, all, (limit = Math.floor(limit / 2)));
  return text;
}

function sarifText(report: Report, ctx: SarifContext, all: GateItem[], limit: number): string {
  const items = all.slice(0, limit);
  const ruleIndex = new Map<string, number>();
  const rules: object[] = [];
  for (const key of [...new Set(items.map((i) => i.ruleKey))].sort()) {
    ruleIndex.set(key, rules.length);
    rules.push(ruleDescriptor(report, ctx, items.find((i) => i.ruleKey === key)!));
  }
  const notifications = all.length > items.length
    ? [{ level: 'warning', message: { text: `cuport: ${all.length} results, only the ${items.length} most severe are included (GitHub rejects more than 25,000 per run or 10 MB gzip-compressed); see --format json for all` } }]
    : [];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'cuport', version: report.tool.version, informationUri: 'https://www.npmjs.com/package/cuport', rules } },
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The scanned folder' } } },
      results: items.map((i) => result(report, i, ruleIndex.get(i.ruleKey)!)),
      columnKind: 'unicodeCodePoints',
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function ruleDescriptor(report: Report, ctx: SarifContext, item: GateItem): object {
  const summary = report.rules[item.ruleKey];
  const verdicts = report.targets.filter((t) => item.status[t]).map((t) => `${TARGET_LABELS[t]}: ${item.why[t]}`);
  const rule = ctx.rules.get(item.ruleId);
  const kernel = item.kind === 'kernel';
  const feature = item.ruleId.slice(KERNEL_RULE_PREFIX.length);
  const short = kernel ? `Kernel hazard: ${feature}` : `${summary?.cuda ?? item.name}: ${summary?.summary ?? 'CUDA construct'}`;
  // A kernel hazard's verdicts are the first kernel's; each result's message has its own.
  const helpText = rule ? ctx.explain(rule) : `${short}\n\n${verdicts.join('\n')}\n\nSources:\n${sourceLines(ctx, item).join('\n')}\n`;
  const url = firstUrl(ctx, item);
  const tags = ['cuda-port', kernel ? 'kernel-hazard' : (summary?.kind ?? 'finding'), ...(summary?.library ? [summary.library] : [])].slice(0, 5);
  return {
    id: item.ruleKey,
    name: kernel ? `kernel-${feature}` : (summary?.cuda ?? item.name),
    shortDescription: { text: short },
    fullDescription: { text: verdicts.join(' · ') || short },
    help: { text: helpText },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[item.worst] },
    properties: { tags },
  };
}

function result(report: Report, i: GateItem, ruleIndex: number): object {
  const verdicts = verdictDetails(i, report.targets, '; ');
  return {
    ruleId: i.ruleKey,
    ruleIndex,
    level: SARIF_LEVEL[i.worst],
    message: { text: `${i.kind === 'kernel' ? `kernel ${i.name}` : i.name} (${verdictList(i, report.targets)}). ${verdicts}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: encodeURI(i.file), uriBaseId: '%SRCROOT%' },
        region: { startLine: i.line, startColumn: i.column, endLine: Math.max(i.endLine, i.line), ...(i.endLine > i.line || i.endColumn > i.column ? { endColumn: i.endColumn } : {}) },
      },
    }],
    partialFingerprints: { 'cuport/v1': i.fingerprint },
    ...(i.suppression ? { suppressions: [{ kind: i.suppression.kind, justification: i.suppression.justification }] } : {}),
    properties: { status: i.status },
  };
}

function sourceLines(ctx: SarifContext, item: GateItem): string[] {
  return [...new Set(Object.values(item.sources))].sort().map((k) => (ctx.sources[k!] ? `${ctx.sources[k!]!.title} — ${ctx.sources[k!]!.url}` : k!));
}

function firstUrl(ctx: SarifContext, item: GateItem): string | undefined {
  for (const t of Object.keys(item.sources).sort() as Target[]) {
    const url = ctx.sources[item.sources[t]!]?.url;
    if (url && /^https?:\/\//.test(url)) return url;
  }
  return undefined;
}
