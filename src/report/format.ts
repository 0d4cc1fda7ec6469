// Small formatting helpers shared by the human-readable reporters.
import type { Range } from '../estimate/effort-model.js';
import { TARGET_LABELS, type Target } from '../model.js';
import type { Report } from './build.js';
import { hasMessage, translator, type Lang, type Translate } from '../i18n/messages.js';
import { displayWidth } from './text-width.js';

/** What every renderer may be asked: the language of the human formats, whether the text report lists
 *  everything (--detail) instead of the top of each list, and the HTML links to the code. */
export interface RenderOptions {
  lang?: Lang;
  detail?: boolean;
  /** `https://host/o/r/blob/COMMIT/{path}#L{line}`; without it, locations are plain text. */
  linkTemplate?: string;
}

export const hours = (r: Range): string => `${fmt(r[0])} – ${fmt(r[1])} – ${fmt(r[2])} h`;
export const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
export const percent = (share: number | null): string => (share === null ? 'n/a' : `${(share * 100).toFixed(1)} %`);
export const bytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;
export const count = (n: number): string => n.toLocaleString('en-US');
export const weeks = (r: Range): string => `${fmt(r[0])} – ${fmt(r[1])} – ${fmt(r[2])}`;

/** The person-weeks table (header, rows) that the text and Markdown reports lay out their own way. */
export function peopleTable(report: Pick<Report, 'people' | 'products' | 'targets'>, t: Translate = translator('en')): [string[], string[][]] {
  const { people } = report;
  return [
    [t('col.target'), t('col.personWeeks'), t('col.elapsedWeeks', { team: people.team })],
    report.targets.map((t) => [targetLabel(report, t), weeks(people.targets[t]!.personWeeks), weeks(people.targets[t]!.elapsedWeeks)]),
  ];
}

/** The people assumption in words: a person-week's hours and the team the elapsed weeks assume. */
export function peopleNote(report: Pick<Report, 'people'>, t: Translate): string {
  const { hoursPerWeek, team } = report.people;
  return t(team > 1 ? 'people.assumptionTeam' : 'people.assumption', { hoursPerWeek, team });
}

/** `s` padded with spaces to `width` display columns (a CJK character takes two). */
export const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
export const padStart = (s: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;

/** Lays out rows as aligned columns (in display columns); numeric-looking cells are right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = (s: string) => /^[\d.,%\s–h/a-]+$/.test(s) && /\d/.test(s);
  const line = (cells: string[]) =>
    cells.map((c, i) => (i > 0 && numeric(c) ? padStart(c, widths[i]!) : padEnd(c, widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A Markdown table; pipes in cells are escaped and newlines flattened so a cell cannot break the table. */
export function mdTable(header: string[], rows: string[][]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** `CANN (Huawei Ascend)`, or `CANN (Huawei Ascend) · 950` when a product was chosen. */
/** A cost driver's name (data from rules/effort.yaml) as the catalog has it (`driver.*`), else as named. */
export const driverLabel = (t: Translate, name: string): string => (hasMessage(`driver.${name}`) ? t(`driver.${name}`) : name);

export function targetLabel(report: Pick<Report, 'products'>, target: Target): string {
  const product = report.products[target];
  return product ? `${TARGET_LABELS[target]} · ${product}` : TARGET_LABELS[target];
}

/** The lines that say a report was made with overridden effort constants (empty when it was not). */
export function calibrationLines(report: Pick<Report, 'assumptions'>, code: (s: string) => string = (s) => s, t: Translate = translator('en')): string[] {
  const a = report.assumptions;
  const out: string[] = [];
  if (a.calibration) {
    out.push(t('report.calibrated', { count: a.calibration.constants.length, config: code(a.calibration.config) }));
    for (const c of a.calibration.constants) {
      out.push(`- ${code(c.constant)} ${hours(c.base)} → ${hours(c.value)}${c.source ? t('report.calibrationSource', { source: c.source }) : ''}`);
    }
  }
  const ruleHours = Object.entries(a.ruleHours ?? {});
  if (ruleHours.length) out.push(t('report.ruleHours', { list: ruleHours.map(([id, r]) => `${code(id)} ${hours(r)}`).join('; ') }));
  return out;
}

