// One declaration (or struct field) as the kernel profiler's walk meets it, read once for everyone who
// looks at it: the checks on declarations (checks/shared-declarations.ts and the warp-size ones) and the
// profiler's own bookkeeping (locals, declared types, grid groups, texture references, kernel aliases).
// Each of them used to ask the node for its declarators and their names again.
import type Parser from 'tree-sitter';
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

/** Reads the declaration `cursor` is on (`node` is that node); the cursor is back on it after. */
export function readDeclaration(cursor: Parser.TreeCursor, node: Node): DeclarationRead {
  let shared = false;
  let external = false;
  // The qualifiers read with the cursor: no node object for each child.
  if (cursor.gotoFirstChild()) {
    do {
      const t = cursor.nodeType;
      if (t === 'type_qualifier') shared ||= cursor.nodeText === '__shared__';
      else if (t === 'storage_class_specifier') external ||= cursor.nodeText === 'extern';
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  const fieldDefault = node.type === 'field_declaration' ? () => node.childForFieldName('default_value') : () => null;
  const declarators = node.childrenForFieldName('declarator').map((decl): DeclaratorRead => ({
    node: decl,
    name: declaredName(decl),
    value: decl.type === 'init_declarator' ? decl.childForFieldName('value') : fieldDefault(),
  }));
  return { node, typeText: node.childForFieldName('type')?.text ?? '', shared, external, declarators };
}
