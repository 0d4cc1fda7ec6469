// importStatements finds imports from the `import` keywords of the text (src/detect/python-imports.ts):
// it must give exactly the statements the grammar's full search gives, wherever they sit.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/parse/grammars.js';
import { collectImports, importStatements } from '../src/detect/python-imports.js';

const fullSearch = (source: string) =>
  parse(source, 'python').rootNode.descendantsOfType(['import_statement', 'import_from_statement']).map((n) => n.text);
const found = (source: string) => importStatements(parse(source, 'python')).map((n) => n.text);

const NESTED = `"""Module docstring: import this is prose."""
# import in a comment
from __future__ import annotations
import os, torch.cuda as tc
x = "import y"; importé = 1; reimport = 2
def f(é="ünïcode"):
    from torch import cuda
    if cuda:
        import numba.cuda
    return f"{x} import {'a'}"
class C:
    try:
        from torch.amp import custom_fwd
    except ImportError:
        from torch.cuda.amp import custom_fwd
    with open(p) as fh:
        from . import sibling
    match x:
        case 1:
            from cupy import (RawKernel,
                              RawModule)
for i in range(3): import math
while False: from \\
    pycuda import compiler
import triton
`;

describe('importStatements', () => {
  it('gives the full search’s statements in source order, in every statement position and after non-ASCII text', () => {
    expect(parse(NESTED, 'python').rootNode.hasError).toBe(false);
    const statements = found(NESTED);
    expect(statements).toEqual(fullSearch(NESTED));
    expect(statements).toHaveLength(10);
    expect(statements[0]).toBe('import os, torch.cuda as tc');
    expect(statements.at(-1)).toBe('import triton');
  });

  it('keeps the full search for a tree with errors (a statement can lose its keyword)', () => {
    const broken = 'def f(:\n    from torch import cuda\nimport os\n';
    expect(parse(broken, 'python').rootNode.hasError).toBe(true);
    expect(found(broken)).toEqual(fullSearch(broken));
  });

  it('binds names through imports anywhere in the file', () => {
    const aliases = collectImports(parse(NESTED, 'python'));
    expect(aliases.get('custom_fwd')).toEqual(['torch.amp.custom_fwd', 'torch.cuda.amp.custom_fwd']);
    expect(aliases.get('tc')).toEqual(['torch.cuda']);
    expect(aliases.get('compiler')).toEqual(['pycuda.compiler']);
  });
});
