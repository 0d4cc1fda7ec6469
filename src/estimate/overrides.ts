// Project calibration of the effort model: a `.cuport.yaml` `effort:` block may replace any
// [low, likely, high] constant of rules/effort.yaml, whatever section it sits in (setup, kernels,
// kernels.perHazard, a section added later). The layer is generic over the effort file's structure: the
// constants that can be overridden are discovered from the base file itself, an override is checked
// against the base's shape (file:line:field errors), and the overridden values are laid over the base
// file's data before the ordinary loader reads it, so every check of the loader still applies.
import { isAbsolute, join, relative } from 'node:path';
import { isOrderedRange, loadEffortModel, RANGE_ORDER_PROBLEM, type EffortModel, type Range } from './effort-model.js';
import { lineOf, parseYamlFile, RuleFileError, type ParsedYaml } from '../rules/load.js';

/** One overridden constant: its dotted path in rules/effort.yaml, the base and the project's value. */
export interface OverriddenConstant {
  constant: string;
  base: Range;
  value: Range;
  /** Where the project's value comes from (`source:` next to it or on an enclosing section). */
  source?: string;
}

/** What a report says about the calibration it was made with. */
export interface EffortCalibration {
  /** The config file, relative to the working directory when inside it. */
  config: string;
  constants: OverriddenConstant[];
}

/** A validated override: the path in the effort file (with the slot of a cited constant) and its value. */
export interface EffortOverride {
  path: string[];
  value: Range;
  source?: string;
}

/** The key under which an override may cite its source, at any level of the `effort:` block. */
const SOURCE_KEY = 'source';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRangeShape = (v: unknown): v is Range =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0);

/** The field that holds the range of a constant written with its citation (`{ hours: [..], source: .. }`). */
const CITED_VALUE_KEYS = ['hours', 'value', 'range'];

/**
 * Where a constant's range is in a base node: the node itself when it is [low, likely, high], or its
 * value field when the constant is written with a citation (`{ hours: [..], source: ... }`).
 */
function rangeSlot(node: unknown): string[] | undefined {
  if (isRangeShape(node)) return [];
  if (!isPlainObject(node)) return undefined;
  const key = CITED_VALUE_KEYS.find((k) => isRangeShape(node[k]));
  return key && Object.entries(node).every(([k, v]) => k === key || typeof v === 'string') ? [key] : undefined;
}

/** Every overridable constant of an effort file's data, as dotted paths, sorted. */
export function effortConstants(data: unknown, path: string[] = []): string[] {
  if (path.length && rangeSlot(data)) return [path.join('.')];
  if (!isPlainObject(data)) return [];
  return Object.entries(data).flatMap(([k, v]) => effortConstants(v, [...path, k])).sort();
}

const getIn = (data: unknown, path: string[]): unknown => path.reduce<unknown>((node, k) => (isPlainObject(node) ? node[k] : undefined), data);

/**
 * Checks a config's `effort:` block against the base effort file's shape: each leaf must be a
 * [low, likely, high] range where the base has a constant; `source:` strings may cite where values
 * come from. Errors name the config file, line and field.
 */
export function validateEffortOverrides(block: unknown, base: unknown, config: ParsedYaml): EffortOverride[] {
  const fail = (path: string[], problem: string) =>
    new RuleFileError(config.file, lineOf(config, ['effort', ...path]), ['effort', ...path].join('.'), problem);
  const out: EffortOverride[] = [];
  const walk = (node: unknown, path: string[], source: string | undefined) => {
    const baseNode = getIn(base, path);
    if (path.length && baseNode === undefined) {
      const parent = getIn(base, path.slice(0, -1));
      const known = isPlainObject(parent) ? Object.keys(parent).filter((k) => effortConstants(parent[k], [k]).length).join(', ') : '';
      throw fail(path, `no constant ${path.join('.')} in rules/effort.yaml${known ? ` (here: ${known})` : ''}`);
    }
    const slot = path.length ? rangeSlot(baseNode) : undefined;
    if (slot) {
      if (!isRangeShape(node)) throw fail(path, 'must be [low, likely, high]: three non-negative numbers');
      if (!isOrderedRange(node)) throw fail(path, RANGE_ORDER_PROBLEM);
      out.push({ path: [...path, ...slot], value: [...node] as Range, ...(source ? { source } : {}) });
      return;
    }
    if (!isPlainObject(node) || !isPlainObject(baseNode)) {
      throw fail(path, path.length ? `${path.join('.')} is not an hour range in rules/effort.yaml: only [low, likely, high] constants can be overridden` : 'must be a mapping');
    }
    const cited = node[SOURCE_KEY];
    if (cited !== undefined && (typeof cited !== 'string' || !cited.trim())) throw fail([...path, SOURCE_KEY], 'must be a non-empty string');
    for (const [key, value] of Object.entries(node)) {
      if (key === SOURCE_KEY) continue;
      walk(value, [...path, key], (cited as string | undefined) ?? source);
    }
  };
  walk(block ?? {}, [], undefined);
  return out.sort((a, b) => (a.path.join('.') < b.path.join('.') ? -1 : 1));
}

/** The base data with the overridden ranges written in (a copy; the base is not changed). */
export function applyEffortOverrides(base: unknown, overrides: EffortOverride[]): unknown {
  const data = structuredClone(base) as Record<string, unknown>;
  for (const o of overrides) {
    const parent = getIn(data, o.path.slice(0, -1)) as Record<string, unknown>;
    parent[o.path.at(-1)!] = [...o.value];
  }
  return data;
}

/** The raw data of the base effort file (rules/effort.yaml), for validating overrides against. */
export function loadBaseEffortData(rulesDir: string): unknown {
  return parseYamlFile(join(rulesDir, 'effort.yaml')).data;
}

/** A config path as a report shows it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * The effort model with a project's overrides: the base file's data with the ranges replaced, read by
 * the ordinary loader, and a record of what was overridden (for the report to say so).
 */
export function loadEffortWithOverrides(rulesDir: string, overrides: EffortOverride[], configFile: string): EffortModel {
  if (!overrides.length) return loadEffortModel(rulesDir);
  const base = loadBaseEffortData(rulesDir);
  const model = loadEffortModel(rulesDir, undefined, (data) => applyEffortOverrides(data, overrides));
  const constants = overrides.map((o) => ({
    constant: o.path.join('.'),
    base: getIn(base, o.path) as Range,
    value: o.value,
    ...(o.source ? { source: o.source } : {}),
  }));
  return { ...model, calibration: { config: displayPath(configFile), constants } };
}
