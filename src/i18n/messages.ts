// Message catalogs for the human formats, one data file per language (rules/i18n/LANG.json, shipped
// with the rules). A key missing from a language falls back to English, so a partial translation never
// prints a raw key; a key missing from English is a programming error and throws.
import { readFileSync } from 'node:fs';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGUAGES)[number];

type Catalog = Record<string, string>;
const cache = new Map<Lang, Catalog>();

function load(lang: Lang): Catalog {
  let catalog = cache.get(lang);
  if (!catalog) {
    catalog = JSON.parse(readFileSync(new URL(`../../rules/i18n/${lang}.json`, import.meta.url), 'utf8')) as Catalog;
    cache.set(lang, catalog);
  }
  return catalog;
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Whether English has a message for `key`: for names that come from data (a cost driver named after
 *  a library no catalog lists is printed as it is). */
export function hasMessage(key: string): boolean {
  return load('en')[key] !== undefined;
}

/** `t('summary.effort', { target: 'DCU', low: 3 })`: the template of `key` with `{name}` filled in. */
export function translator(lang: Lang = 'en'): Translate {
  const own = load(lang);
  const english = load('en');
  return (key, vars = {}) => {
    const template = own[key] ?? english[key];
    if (template === undefined) throw new Error(`no message "${key}" in rules/i18n/en.json`);
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}
