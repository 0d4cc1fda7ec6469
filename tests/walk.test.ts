import { describe, expect, it } from 'vitest';
import { walkTreeWith } from '../src/parse/walk.js';
import { parse } from '../src/parse/grammars.js';

describe('walkTreeWith: one walk, several visitors', () => {
  it('gives each visitor exactly the nodes and leave calls it would see walking alone', () => {
    const tree = parse('int f() { return g(1) + h(2); }\nint x = 3;\n', 'cuda');
    const record = (skip: string) => {
      const seen: string[] = [];
      return {
        seen,
        visitor: {
          enter: () => {
            seen.push(cursor.nodeType);
            return cursor.nodeType !== skip;
          },
          leave: (d: number) => seen.push(`leave${d}`),
        },
      };
    };
    let cursor = tree.walk();
    const aloneA = record('call_expression');
    walkTreeWith(cursor, [aloneA.visitor]);
    cursor = tree.walk();
    const aloneB = record('declaration');
    walkTreeWith(cursor, [aloneB.visitor]);

    cursor = tree.walk();
    const a = record('call_expression');
    const b = record('declaration');
    walkTreeWith(cursor, [a.visitor, b.visitor]);
    expect(a.seen).toEqual(aloneA.seen);
    expect(b.seen).toEqual(aloneB.seen);
    expect(a.seen).not.toContain('argument_list'); // inside the declined call
    expect(b.seen).toContain('argument_list');
  });

  it('hands each visitor the node type it would read itself, aliased node types included', () => {
    // field_identifier, type_identifier and namespace_identifier are aliases of identifier in the grammar.
    const tree = parse('namespace ns { struct S { int a; }; }\n__global__ void k(ns::S s) { s.a = 1; k<<<1, 1>>>(s); }\n', 'cuda');
    const cursor = tree.walk();
    const pairs: [string, string][] = [];
    walkTreeWith(cursor, [{ enter: (_d, type) => (pairs.push([type, cursor.nodeType]), true), leave: () => {} }]);
    expect(pairs.length).toBeGreaterThan(30);
    for (const [given, read] of pairs) expect(given).toBe(read);
    const types = new Set(pairs.map(([t]) => t));
    for (const aliased of ['field_identifier', 'type_identifier', 'namespace_identifier']) expect(types).toContain(aliased);
  });
});
