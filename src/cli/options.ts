// Parsing and checking of the option values shared by commands.
import { STATUSES, TARGETS, type Status, type Target } from '../model.js';
import { UsageError } from './errors.js';

export function parseTargets(value: string | undefined): Target[] {
  if (!value) return [...TARGETS];
  const out: Target[] = [];
  for (const raw of value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (!(TARGETS as readonly string[]).includes(raw)) {
      throw new UsageError(`unknown target "${raw}" (choose from ${TARGETS.join(', ')})`);
    }
    if (!out.includes(raw as Target)) out.push(raw as Target);
  }
  if (!out.length) throw new UsageError('--target needs at least one target');
  // Always in the canonical order, so reports do not depend on how the list was typed.
  return TARGETS.filter((t) => out.includes(t));
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
