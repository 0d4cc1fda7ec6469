// Loads rules/effort.yaml: the constants of the effort model, validated with file:line:field errors.
import { join } from 'node:path';
import { FINDING_KINDS, STATUSES, TARGETS, type FindingKind, type Status, type Target } from '../model.js';
import { lineOf, parseYamlFile, RuleFileError } from '../rules/load.js';

/** [low, likely, high] hours. */
export type Range = [number, number, number];

export const RANGE_ORDER_PROBLEM = 'must satisfy low <= likely <= high';

/** low <= likely <= high: checked for rules/effort.yaml and for a project's calibration alike. */
export const isOrderedRange = ([low, likely, high]: Range): boolean => low <= likely && likely <= high;

export interface EffortModel {
  version: number;
  setup: Record<Target, Range>;
  libraryFirstUse: Record<Status, Range>;
  perDistinctApi: Record<Status, Range>;
  perOccurrence: Record<Status, Range>;
  kernels: Record<Status, { base: Range; per100Lines: Range }>;
  /** Finding kinds that, when `rewrite` on a target, are costed by their kernel's rewrite instead. */
  coveredByKernelRewrite: FindingKind[];
  /** Extra hours per kernel hazard (src/kernels) by the hazard's status, where the kernel is not rewritten. */
  kernelHazards?: Record<Status, Range>;
  /** Per use already on the target's path (an in-tree port branch, a shim header): verification only. */
  verifyPorted?: Range;
  /** Libraries whose `unsupported` names have a counterpart library on a target (cuDNN → MIOpen on DCU):
   *  written by hand against it, costed as `adapt`. */
  counterpartLibraries?: Partial<Record<Target, string[]>>;
  /** Finding kinds whose decisions the setup covers (porting the build system): only each edit is
   *  charged, not a library's first use or an API's first decision again. */
  setupCovers?: FindingKind[];
  /** Hours of each edit of a kind the setup covers (instead of perOccurrence). */
  setupCoveredEdit?: Range;
  /** Cost drivers: a layer's name → the libraries (rule `library`) whose hours it groups. A library
   *  listed nowhere is its own driver. */
  drivers?: Record<string, string[]>;
  /** For rules in catch-all libraries (unknown names, headers, version macros): the library a name's
   *  prefix names, for grouping hours (longest prefix first). */
  libraryByPrefix?: { appliesTo: string[]; prefixes: Record<string, string> };
  /** Project overrides (.cuport.yaml): hours for the first use of particular rules, by rule id. */
  ruleHours?: Record<string, Range>;
  /** Set when a project config overrode constants (src/estimate/overrides.ts): which, and from where. */
  calibration?: import('./overrides.js').EffortCalibration;
}

export function loadEffortModel(
  rulesDir: string,
  file = join(rulesDir, 'effort.yaml'),
  /** Lays a project's overrides over the file's data before it is read (src/estimate/overrides.ts). */
  overlay: (data: unknown) => unknown = (data) => data,
): EffortModel {
  const parsed = parseYamlFile(file);
  const data = overlay(parsed.data) as Record<string, unknown>;
  const fail = (path: string[], problem: string) => new RuleFileError(file, lineOf(parsed, path), path.join('.'), problem);
  const range = (value: unknown, path: string[]): Range => {
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw fail(path, 'must be [low, likely, high]: three non-negative numbers');
    }
    if (!isOrderedRange(value as Range)) throw fail(path, RANGE_ORDER_PROBLEM);
    return value as Range;
  };
  const table = <K extends string>(key: string, keys: readonly K[]): Record<K, Range> => {
    const section = data?.[key];
    if (!section || typeof section !== 'object') throw fail([key], 'missing section');
    const out = {} as Record<K, Range>;
    for (const k of keys) out[k] = range((section as Record<string, unknown>)[k], [key, k]);
    return out;
  };
  if (data?.version !== 1) throw fail(['version'], 'must be 1');
  const kernelsSection = data.kernels as Record<string, Record<string, unknown>> | undefined;
  if (!kernelsSection || typeof kernelsSection !== 'object') throw fail(['kernels'], 'missing section');
  const kernels = {} as EffortModel['kernels'];
  for (const status of STATUSES) {
    const entry = kernelsSection[status];
    if (!entry || typeof entry !== 'object') throw fail(['kernels', status], 'missing entry');
    kernels[status] = { base: range(entry.base, ['kernels', status, 'base']), per100Lines: range(entry.per100Lines, ['kernels', status, 'per100Lines']) };
  }
  // kernels.perHazard (optional): the extra hours of each hazard a kernel's profile shows on a target.
  let kernelHazards: Record<Status, Range> | undefined;
  if (kernelsSection.perHazard !== undefined) {
    const section = kernelsSection.perHazard;
    if (!section || typeof section !== 'object') throw fail(['kernels', 'perHazard'], 'must map each status to [low, likely, high]');
    kernelHazards = {} as Record<Status, Range>;
    for (const status of STATUSES) kernelHazards[status] = range(section[status], ['kernels', 'perHazard', status]);
  }
  const kindList = (key: string): FindingKind[] => {
    const list = data[key] ?? [];
    if (!Array.isArray(list)) throw fail([key], 'must be a list of finding kinds');
    list.forEach((kind, i) => {
      if (!(FINDING_KINDS as readonly unknown[]).includes(kind)) {
        throw fail([key, String(i)], `unknown finding kind "${String(kind)}" (one of ${FINDING_KINDS.join(', ')})`);
      }
    });
    return list as FindingKind[];
  };
  const covered = kindList('coveredByKernelRewrite');
  const setupCovers = kindList('setupCovers');
  const drivers = (data.drivers ?? {}) as Record<string, unknown>;
  if (typeof drivers !== 'object' || Array.isArray(drivers)) throw fail(['drivers'], 'must map a driver name to a list of library names');
  const driverOfLibrary = new Map<string, string>();
  for (const [name, list] of Object.entries(drivers)) {
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw fail(['drivers', name], 'must be a list of library names');
    for (const library of list as string[]) {
      const other = driverOfLibrary.get(library);
      if (other) throw fail(['drivers', name], `library "${library}" is already in driver "${other}"`);
      driverOfLibrary.set(library, name);
    }
  }
  const setupCoveredEdit = data.setupCoveredEdit === undefined ? undefined : range(data.setupCoveredEdit, ['setupCoveredEdit']);
  const verifyPorted = data.verifyPorted === undefined ? undefined : range(data.verifyPorted, ['verifyPorted']);
  const counterparts = (data.counterpartLibraries ?? {}) as Record<string, unknown>;
  for (const [t, list] of Object.entries(counterparts)) {
    if (!(TARGETS as readonly string[]).includes(t)) throw fail(['counterpartLibraries', t], `unknown target "${t}"`);
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw fail(['counterpartLibraries', t], 'must be a list of library names');
  }
  const byPrefix = data.libraryByPrefix as { appliesTo?: unknown; prefixes?: unknown } | undefined;
  if (byPrefix !== undefined) {
    if (!byPrefix || typeof byPrefix !== 'object') throw fail(['libraryByPrefix'], 'must have appliesTo and prefixes');
    if (!Array.isArray(byPrefix.appliesTo) || !byPrefix.appliesTo.every((x) => typeof x === 'string')) throw fail(['libraryByPrefix', 'appliesTo'], 'must be a list of library names');
    if (!byPrefix.prefixes || typeof byPrefix.prefixes !== 'object' || Array.isArray(byPrefix.prefixes)) throw fail(['libraryByPrefix', 'prefixes'], 'must map a name prefix to a library name');
    for (const [prefix, library] of Object.entries(byPrefix.prefixes)) {
      if (typeof library !== 'string' || !library) throw fail(['libraryByPrefix', 'prefixes', prefix], 'must be a library name');
    }
  }
  return {
    version: 1,
    ...(byPrefix ? { libraryByPrefix: byPrefix as EffortModel['libraryByPrefix'] } : {}),
    ...(verifyPorted ? { verifyPorted } : {}),
    ...(data.counterpartLibraries ? { counterpartLibraries: counterparts as Partial<Record<Target, string[]>> } : {}),
    coveredByKernelRewrite: covered,
    ...(setupCovers.length ? { setupCovers } : {}),
    ...(setupCoveredEdit ? { setupCoveredEdit } : {}),
    ...(data.drivers ? { drivers: drivers as Record<string, string[]> } : {}),
    setup: table('setup', TARGETS),
    libraryFirstUse: table('libraryFirstUse', STATUSES),
    perDistinctApi: table('perDistinctApi', STATUSES),
    perOccurrence: table('perOccurrence', STATUSES),
    kernels,
    ...(kernelHazards ? { kernelHazards } : {}),
  };
}
