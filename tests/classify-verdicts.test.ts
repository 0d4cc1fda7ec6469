// Classifier.classify (src/classify/classify.ts): a finding's verdict per target, shared by every finding of
// its rule (one frozen object per rule, not per finding: memory on a 140,000-finding report).
import { describe, expect, it } from 'vitest';
import { Classifier } from '../src/classify/classify.js';
import { loadRules } from '../src/rules/load.js';
import { UNRECOGNIZED } from '../src/detect/cpp-matcher.js';
import type { Finding } from '../src/model.js';
import { RULES_DIR } from './helpers.js';

const { rules } = loadRules(RULES_DIR);
const at = (ruleId: string, name: string, line: number): Finding =>
  ({ file: 'a.cu', ruleId, name, kind: 'runtime-api', line, column: 1, endLine: line, endColumn: 2 }) as Finding;

describe('Classifier.classify', () => {
  const classifier = new Classifier(rules, ['musa', 'cann', 'birensupa', 'dcu']);
  const malloc = rules.find((r) => r.id === 'cuda-runtime.cudaMalloc') ?? rules.find((r) => /cudaMalloc$/.test(r.id))!;

  it('gives each target the rule’s mapping status, and lists the inferred ones', () => {
    const f = classifier.classify(at(malloc.id, 'cudaMalloc', 3));
    for (const t of classifier.targets) expect(f.status[t]).toBe(classifier.mapping(malloc.id, t).status);
    const inferred = classifier.targets.filter((t) => classifier.mapping(malloc.id, t).confidence === 'inferred');
    expect(f.inferred ?? []).toEqual(inferred);
    expect(Object.keys(f).slice(-2)).toEqual(inferred.length ? ['status', 'inferred'] : ['endColumn', 'status']);
  });

  it('shares one frozen verdict among a rule’s findings, and keeps each finding’s own fields', () => {
    const a = classifier.classify(at(malloc.id, 'cudaMalloc', 3));
    const b = classifier.classify(at(malloc.id, 'cudaMalloc', 9));
    expect(a.status).toBe(b.status);
    expect(Object.isFrozen(a.status)).toBe(true);
    expect(() => { (a.status as Record<string, string>).musa = 'native'; }).toThrow(TypeError);
    expect([a.line, b.line]).toEqual([3, 9]);
    expect(a).not.toBe(b);
  });

  it('keeps rules apart, and the unrecognized rule too', () => {
    const other = rules.find((r) => r.id !== malloc.id && classifier.targets.some((t) => classifier.mapping(r.id, t).status !== classifier.mapping(malloc.id, t).status))!;
    const a = classifier.classify(at(malloc.id, 'cudaMalloc', 3));
    const b = classifier.classify(at(other.id, 'x', 4));
    expect(a.status).not.toEqual(b.status);
    const u = classifier.classify(at(UNRECOGNIZED, 'cudaFrobnicate', 5));
    for (const t of classifier.targets) expect(u.status[t]).toBe(classifier.mapping(UNRECOGNIZED, t).status);
  });

  it('a classifier for other targets gives its own verdicts', () => {
    const dcuOnly = new Classifier(rules, ['dcu']);
    expect(Object.keys(dcuOnly.classify(at(malloc.id, 'cudaMalloc', 3)).status)).toEqual(['dcu']);
  });
});

describe('Classifier.classify in place', () => {
  const classifier = new Classifier(rules, ['musa', 'cann', 'birensupa', 'dcu']);
  const malloc = rules.find((r) => r.id === 'cuda-runtime.cudaMalloc') ?? rules.find((r) => /cudaMalloc$/.test(r.id))!;

  it('classifies the finding itself, with the fields and key order of a copy { ...f, status, inferred }', () => {
    const f = at(malloc.id, 'cudaMalloc', 3);
    const classified = classifier.classify(f);
    const other = classifier.classify(at(malloc.id, 'cudaMalloc', 9));
    const copy = { ...at(malloc.id, 'cudaMalloc', 3), status: other.status, ...(other.inferred ? { inferred: other.inferred } : {}) };
    expect(classified).toBe(f);
    expect(JSON.stringify(classified)).toBe(JSON.stringify(copy));
    expect(classified.status).toBe(other.status);
  });
});
