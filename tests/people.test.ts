// People, not only hours: person-weeks at a stated week and elapsed weeks for --team N, with the
// assumption printed in text and Markdown and present in JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { peopleEstimate } from '../src/estimate/people.js';
import { CLI, ROOT } from './helpers.js';

const TREE = join(ROOT, 'tests', 'fixtures', 'calibrate', 'reduce');
const run = (...args: string[]) => spawnSync('node', [CLI, 'scan', TREE, '--quiet', ...args], { encoding: 'utf8' });

describe('person-weeks and elapsed weeks', () => {
  it('divides the hours by the week, then by the team', () => {
    const p = peopleEstimate({ dcu: [20, 80, 200] }, { hoursPerWeek: 40, team: 4 });
    expect(p.targets.dcu).toEqual({ personWeeks: [0.5, 2, 5], elapsedWeeks: [0.1, 0.5, 1.3] });
    expect(p.assumption).toMatch(/40 h .*team of 4.*no coordination overhead \(a lower bound\)/);
    const solo = peopleEstimate({ musa: [35, 70, 140] }, { hoursPerWeek: 35 });
    expect(solo.targets.musa).toEqual({ personWeeks: [1, 2, 4], elapsedWeeks: [1, 2, 4] });
    expect(solo.assumption).not.toMatch(/lower bound/);
  });

  it('every format states it: --team and --hours-per-week on the command line', () => {
    const json = JSON.parse(run('--no-config', '--format', 'json', '--team', '4', '--hours-per-week', '30', '--target', 'dcu').stdout);
    const total = json.targetSummaries.dcu.estimate.total as number[];
    expect(json.people.team).toBe(4);
    expect(json.people.hoursPerWeek).toBe(30);
    expect(json.people.targets.dcu.personWeeks[1]).toBeCloseTo(total[1]! / 30, 1);
    expect(json.people.targets.dcu.elapsedWeeks[1]).toBeCloseTo(total[1]! / 30 / 4, 1);
    const text = run('--no-config', '--team', '4', '--hours-per-week', '30', '--target', 'dcu').stdout;
    expect(text).toMatch(/elapsed weeks, team of 4/);
    expect(text).toMatch(/People: a person-week is 30 h of porting work; elapsed weeks = person-weeks ÷ a team of 4/);
    const md = run('--no-config', '--format', 'markdown', '--team', '4', '--target', 'dcu').stdout;
    expect(md).toMatch(/_People_: a person-week is 40 h of porting work; elapsed weeks = person-weeks ÷ a team of 4/);
  });

  it('takes people: from .cuport.yaml, the command line winning; rejects bad values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cuport-people-'));
    writeFileSync(join(dir, 'c.yaml'), 'people: { hoursPerWeek: 32, team: 2 }\n');
    const fromConfig = JSON.parse(run('--config', join(dir, 'c.yaml'), '--format', 'json').stdout).people;
    expect([fromConfig.hoursPerWeek, fromConfig.team]).toEqual([32, 2]);
    const overridden = JSON.parse(run('--config', join(dir, 'c.yaml'), '--format', 'json', '--team', '5').stdout).people;
    expect([overridden.hoursPerWeek, overridden.team]).toEqual([32, 5]);
    expect(run('--no-config', '--team', '0').status).toBe(2);
    expect(run('--no-config', '--hours-per-week', 'many').stderr).toMatch(/--hours-per-week must be/);
    writeFileSync(join(dir, 'bad.yaml'), 'people: { team: 1.5 }\n');
    expect(run('--config', join(dir, 'bad.yaml')).status).toBe(2);
  });
});
