// One declaration (or struct field) as the kernel profiler's walk meets it, read once for everyone who
// looks at it: the checks on declarations (checks/shared-declarations.ts and the warp-size ones) and the
// profiler's own bookkeeping (locals, declared types, grid groups, texture references, kernel aliases).
// Each of them used to ask the node for its declarators and their names again.
import type { DeclarationQualifiers } from '../detect/pass-context.js';
import { declaredName, type Node } from './checks/syntax.js';

export interface DeclaratorRead {
  /** The declarator (`s[32]`, `x = f()`, `*p`). */
  readonly node: Node;
  /** The name it declares (declaredName), if any. */
  readonly name: string | undefined;
  /** What it is initialized with: an init_declarator's value, or a struct field's default value. */
  readonly value: Node | null;
}

export interface DeclarationRead {
  readonly node: Node;
  /** The `type` field as written ('' when there is none). */
  readonly typeText: string;
  /** `__shared__` among its qualifiers. */
  readonly shared: boolean;
  /** `extern` among its storage classes. */
  readonly external: boolean;
  readonly declarators: readonly DeclaratorRead[];
}

/** Reads a declaration (`node`) whose qualifiers the walk's pass has read with the cursor. */
export function readDeclaration({ shared, external }: DeclarationQualifiers, node: Node): DeclarationRead {
  const fieldDefault = node.type === 'field_declaration' ? () => node.childForFieldName('default_value') : () => null;
  const declarators = node.childrenForFieldName('declarator').map((decl): DeclaratorRead => ({
    node: decl,
    name: declaredName(decl),
    value: decl.type === 'init_declarator' ? decl.childForFieldName('value') : fieldDefault(),
  }));
  return { node, typeText: node.childForFieldName('type')?.text ?? '', shared, external, declarators };
}
