// The import statements of a Python file and the names they bind, found before the detector's walk:
// a name is resolved through every import of the file, also one that comes after the use (an import
// at the end of the module, or inside a function defined above its caller).
import type Parser from 'tree-sitter';

type Node = Parser.SyntaxNode;

const IMPORT_TYPES = ['import_statement', 'import_from_statement'];

/** The keyword both import statements have exactly once (`import x`, `from x import y`). */
const IMPORT_KEYWORD = /\bimport\b/g;

/** Every import statement of the tree, in source order. The native descendantsOfType search visits every
 *  node of the tree; instead the source text is searched for the `import` keyword, and only the token at
 *  each hit is asked for: in a tree without errors, an import statement is exactly an `import` keyword
 *  token whose parent is one (a hit in a string, a comment or a longer name is some other node, and
 *  `from __future__ import x` is a future_import_statement). A tree with an error can hold a
 *  statement without its keyword (MISSING): the full search is kept there. */
export function importStatements(tree: Parser.Tree): Node[] {
  const root = tree.rootNode;
  const source = parsedText(tree);
  if (root.hasError || source === undefined) return root.descendantsOfType(IMPORT_TYPES);
  const found: Node[] = [];
  for (const hit of source.matchAll(IMPORT_KEYWORD)) {
    // Offsets of the binding's nodes are indexes into the JS string the tree was parsed from.
    const token = root.descendantForIndex(hit.index, hit.index + 'import'.length);
    if (token.type !== 'import') continue;
    const statement = token.parent;
    if (statement && IMPORT_TYPES.includes(statement.type)) found.push(statement);
  }
  return found;
}

/** The string a tree was parsed from (the binding keeps it as `tree.input`; its typings omit it), or
 *  undefined for a tree parsed from a callback. */
function parsedText(tree: Parser.Tree): string | undefined {
  const input = (tree as unknown as { input?: unknown }).input;
  return typeof input === 'string' ? input : undefined;
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
