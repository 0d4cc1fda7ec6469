// Small pieces of the text report's lines: the "N more, see --detail" line, the status column, cutting
// a long note to its line. Shared by text.ts, kernels.ts, port-views.ts and gate-text.ts.
import type { Status } from '../model.js';
import type { Translate } from '../i18n/messages.js';
import { count, padEnd } from './format.js';
import { displayWidth } from './text-width.js';

export const STATUS_COLUMN = 11;

/** `… 7 more, see --detail` when a list was cut, else nothing. */
export function moreLine(t: Translate, hidden: number, indent = '  '): string[] {
  return hidden > 0 ? [`${indent}${t('report.more', { count: count(hidden) })}`] : [];
}

/** The status word in the report's language, padded to the status column. */
export const statusCell = (t: Translate, s: Status) => padEnd(t(`status.${s}`), STATUS_COLUMN);

/** `text` cut at a word boundary to fit `width` display columns, with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const c of text) {
    if (displayWidth(out + c) > width - 1) break;
    out += c;
  }
  const space = out.lastIndexOf(' ');
  return `${(space > width / 2 ? out.slice(0, space) : out).trimEnd()}…`;
}

/** `…/csrc/fused_ops_kernel.cu:128`: the end of `text` that fits `width` columns. */
export function truncateLeft(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const chars = [...text];
  let out = '';
  for (let i = chars.length - 1; i >= 0 && displayWidth(chars[i] + out) <= width - 1; i--) out = chars[i] + out;
  return `…${out}`;
}
