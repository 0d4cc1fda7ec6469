// Verdict notes in the report's language: rules/i18n/notes.LANG.json holds, for a rule and target, the
// note as a source of the verdict states it in that language (quoted, with file:line). Only where such
// a text exists: every other note stays as the rule table has it (English). An entry stands for one
// English note; when the rule's note has changed since, the English note is shown until the entry is
// updated (tests/i18n-notes.test.ts fails on such drift).
import { existsSync, readFileSync } from 'node:fs';
import type { Lang } from './messages.js';

export interface LocalNote { rule: string; target: string; en: string; note: string; source: string; ref: string; quote: string }

const cache = new Map<Lang, Map<string, LocalNote>>();

export function localNotes(lang: Lang): Map<string, LocalNote> {
  let notes = cache.get(lang);
  if (!notes) {
    const file = new URL(`../../rules/i18n/notes.${lang}.json`, import.meta.url);
    const entries = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { notes: LocalNote[] }).notes : [];
    notes = new Map(entries.map((n) => [`${n.rule}\u0000${n.target}`, n]));
    cache.set(lang, notes);
  }
  return notes;
}

/** The note of `rule` on `target` in `lang`, or the English `note` when no source gives one in it. */
export function noteIn(lang: Lang | undefined, rule: string, target: string, note: string): string;
export function noteIn(lang: Lang | undefined, rule: string, target: string, note: string | undefined): string | undefined;
export function noteIn(lang: Lang | undefined, rule: string, target: string, note: string | undefined): string | undefined {
  if (!note || !lang || lang === 'en') return note;
  const local = localNotes(lang).get(`${rule}\u0000${target}`);
  return local && local.en === note ? local.note : note;
}
