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
});
