// Parsing and checking of the option values shared by commands.
import { STATUSES, TARGETS, unknownProduct, type Status, type Target } from '../model.js';
import { UsageError } from './errors.js';

export interface TargetSelection {
  targets: Target[];
  products: Partial<Record<Target, string>>;
}

/** `musa,cann:950` → targets in canonical order and the product chosen for each. */
export function parseTargetSelection(value: string | string[] | undefined): TargetSelection {
  const items = (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (!items.length) {
    if (value !== undefined) throw new UsageError('--target needs at least one target');
    return { targets: [...TARGETS], products: {} };
  }
  const chosen = new Set<Target>();
  const products: Partial<Record<Target, string>> = {};
  for (const item of items) {
    const [name, product] = item.split(':');
    if (!(TARGETS as readonly string[]).includes(name!)) {
      throw new UsageError(`unknown target "${name}" (choose from ${TARGETS.join(', ')})`);
    }
    const target = name as Target;
    if (product !== undefined) {
      const bad = unknownProduct(target, product);
      if (bad) throw new UsageError(bad);
      if (products[target] && products[target] !== product) throw new UsageError(`two products given for ${target}`);
      products[target] = product;
    }
    chosen.add(target);
  }
  // Always in the canonical order, so reports do not depend on how the list was typed.
  return { targets: TARGETS.filter((t) => chosen.has(t)), products };
}


export function parseStatus(value: string | undefined, flag: string): Status | undefined {
  if (value === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${STATUSES.join(', ')} (got "${value}")`);
  }
  return value as Status;
}

export function parsePositiveInt(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} must be an integer >= ${min} (got "${value}")`);
  return Number(value);
}

export function parseChoice<T extends string>(value: string | undefined, choices: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got "${value}")`);
  return value as T;
}

/** --team N and --hours-per-week H, over the config's people: section; undefined when neither is set. */
export function parsePeople(
  team: string | undefined,
  hoursPerWeek: string | undefined,
  config: { team?: number; hoursPerWeek?: number } | undefined,
): { team?: number; hoursPerWeek?: number } | undefined {
  const teamSize = parsePositiveInt(team, '--team') ?? config?.team;
  let week = config?.hoursPerWeek;
  if (hoursPerWeek !== undefined) {
    week = Number(hoursPerWeek);
    if (!/^\d+(\.\d+)?$/.test(hoursPerWeek) || !(week > 0) || week > 168) throw new UsageError(`--hours-per-week must be a number of hours in (0, 168] (got "${hoursPerWeek}")`);
  }
  if (teamSize === undefined && week === undefined) return undefined;
  return { ...(teamSize !== undefined ? { team: teamSize } : {}), ...(week !== undefined ? { hoursPerWeek: week } : {}) };
}

/** `--link-template`: an http(s) URL (or a relative one) with `{path}` and optionally `{line}`; any
 *  other scheme (javascript:, data:) is refused, since the template becomes every link's href. */
export function parseLinkTemplate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.includes('{path}')) throw new UsageError('--link-template needs {path} (and optionally {line}), e.g. https://github.com/o/r/blob/COMMIT/{path}#L{line}');
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^https?:\/\//i.test(value)) throw new UsageError(`--link-template must be an http(s) or relative URL (got "${value}")`);
  return value;
}
