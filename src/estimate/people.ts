// People, not only hours: each target's hour range as person-weeks at a stated working week, and as
// elapsed weeks for a team. The division is the whole model, stated in every report: the work is
// assumed to split evenly across the team with no coordination overhead, so for a team of more than
// one the elapsed weeks are a lower bound (a port has a serial core: toolchain, build, first run).
import type { Target } from '../model.js';
import type { Range } from './effort-model.js';

export const DEFAULT_HOURS_PER_WEEK = 40;
export const DEFAULT_TEAM = 1;

export interface PeopleEstimate {
  hoursPerWeek: number;
  team: number;
  /** The assumption, in words, as every format prints it. */
  assumption: string;
  targets: Partial<Record<Target, { personWeeks: Range; elapsedWeeks: Range }>>;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function peopleEstimate(
  totals: Partial<Record<Target, Range>>,
  options: { hoursPerWeek?: number; team?: number } = {},
): PeopleEstimate {
  const hoursPerWeek = options.hoursPerWeek ?? DEFAULT_HOURS_PER_WEEK;
  const team = options.team ?? DEFAULT_TEAM;
  const targets: PeopleEstimate['targets'] = {};
  for (const [t, total] of Object.entries(totals) as [Target, Range][]) {
    const personWeeks = total.map((h) => round1(h / hoursPerWeek)) as Range;
    targets[t] = { personWeeks, elapsedWeeks: total.map((h) => round1(h / hoursPerWeek / team)) as Range };
  }
  const assumption =
    `a person-week is ${hoursPerWeek} h of porting work; elapsed weeks = person-weeks ÷ a team of ${team}` +
    (team > 1 ? ', assuming the work splits evenly with no coordination overhead (a lower bound)' : '');
  return { hoursPerWeek, team, assumption, targets };
}
