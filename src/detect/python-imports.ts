// The import statements of a Python file and the names they bind, found before the detector's walk:
// a name is resolved through every import of the file, also one that comes after the use (an import
// at the end of the module, or inside a function defined above its caller).
import type Parser from 'tree-sitter';
import { CursorNames, treeLanguage } from '../parse/cursor-names.js';

type Node = Parser.SyntaxNode;

const IMPORT_TYPES = ['import_statement', 'import_from_statement'];

interface NodeTypeInfo {
  type: string;
  named: boolean;
  subtypes?: { type: string }[];
  fields?: Record<string, { types: { type: string }[] }>;
  children?: { types: { type: string }[] };
}

/** Node types that can hold an import statement somewhere below them, by the grammar's node-types.json
 *  (supertypes such as _compound_statement expanded): module, block, the compound statements and their
 *  clauses, never an expression. Null when the language does not describe its node types. */
function importHolders(language: { nodeTypeInfo?: NodeTypeInfo[] }): Set<string> | null {
  const info = language.nodeTypeInfo;
  if (!info) return null;
  const subtypes = new Map(info.filter((t) => t.subtypes).map((t) => [t.type, t.subtypes!.map((s) => s.type)]));
  const expand = (type: string, into: Set<string>) => {
    if (into.has(type)) return;
    into.add(type);
    for (const sub of subtypes.get(type) ?? []) expand(sub, into);
  };
  const childTypes = new Map<string, Set<string>>();
  for (const t of info) {
    if (!t.named || t.subtypes) continue;
    const types = new Set<string>();
    for (const slot of [...Object.values(t.fields ?? {}), ...(t.children ? [t.children] : [])]) {
      for (const child of slot.types) expand(child.type, types);
    }
    childTypes.set(t.type, types);
  }
  // Grow to a fixed point: a type holds imports if a child can be an import or a holder.
  const holders = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [type, children] of childTypes) {
      if (holders.has(type)) continue;
      if ([...children].some((c) => IMPORT_TYPES.includes(c) || holders.has(c))) {
        holders.add(type);
        grew = true;
      }
    }
  }
  return holders;
}

const holdersByLanguage = new WeakMap<object, Set<string> | null>();

/** Every import statement of the tree, in source order. The native descendantsOfType search visits every
 *  node of the tree; a statement can only sit where the grammar allows one, so in a tree without errors
 *  the cursor descends only into the node types that can hold an import (a small part of the tree).
 *  A tree with an error can hold an import anywhere (inside an ERROR node): the full search is kept. */
export function importStatements(tree: Parser.Tree): Node[] {
  const language = treeLanguage(tree) as object & { nodeTypeInfo?: NodeTypeInfo[] };
  if (!holdersByLanguage.has(language)) holdersByLanguage.set(language, importHolders(language));
  const holders = holdersByLanguage.get(language);
  if (!holders || tree.rootNode.hasError) return tree.rootNode.descendantsOfType(IMPORT_TYPES);
  const found: Node[] = [];
  const cursor = tree.walk();
  const names = new CursorNames(cursor, language);
  const walk = () => {
    if (!cursor.gotoFirstChild()) return;
    do {
      names.typeId();
      const type = names.type();
      if (IMPORT_TYPES.includes(type)) found.push(cursor.currentNode);
      else if (holders.has(type)) walk();
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  };
  if (holders.has(cursor.nodeType)) walk();
  return found;
}

/** Name → every fully qualified module/attribute path it is bound to by an import of the file, in source
 *  order: `try: from torch.amp import custom_fwd` / `except: from torch.cuda.amp import custom_fwd` gives two. */
export function collectImports(tree: Parser.Tree): Map<string, string[]> {
  const aliases = new Map<string, string[]>();
  const bind = (name: string, path: string) => {
    const paths = aliases.get(name) ?? [];
    if (!paths.includes(path)) paths.push(path);
    aliases.set(name, paths);
  };
  // Imports cannot sit inside a string or a comment, so this is every import of the file, in source order.
  for (const node of importStatements(tree)) {
    if (node.type === 'import_statement') {
      for (const child of node.namedChildren) {
        if (child.type === 'dotted_name') {
          // `import torch.cuda` binds `torch`.
          const top = child.text.split('.')[0]!;
          bind(top, top);
        } else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) bind(alias, name);
        }
      }
    } else {
      const module = node.childForFieldName('module_name');
      if (!module || module.type === 'relative_import') continue;
      for (const child of node.childrenForFieldName('name')) {
        if (child.type === 'dotted_name') bind(child.text, `${module.text}.${child.text}`);
        else if (child.type === 'aliased_import') {
          const name = child.childForFieldName('name')?.text;
          const alias = child.childForFieldName('alias')?.text;
          if (name && alias) bind(alias, `${module.text}.${name}`);
        }
      }
    }
  }
  return aliases;
}
