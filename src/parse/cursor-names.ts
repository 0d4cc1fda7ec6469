// Node type names, named-ness and field names read through a TreeCursor by number.
//
// Each `cursor.nodeType` or `cursor.currentFieldName` makes a new JS string in the native binding, and
// `cursor.nodeIsNamed` is one more native call per node. A node's type name and its named-ness are
// both functions of its symbol (`nodeTypeId`, ts_node_symbol: the alias when there is one), and a
// field's name of its id, so each is asked of the binding once per language and then read from a
// table by the number: one native call (returning a number) instead of two or three making strings.
import type Parser from 'tree-sitter';

interface LanguageTables {
  typeNames: string[];
  named: boolean[];
  fieldNames: (string | undefined)[];
}

const tablesByLanguage = new WeakMap<object, LanguageTables>();

/** Reads the cursor's current node through per-language tables filled on first sight of each id. */
export class CursorNames {
  private readonly tables: LanguageTables;
  /** The symbol of the node the cursor was on at the last `typeId()` call. */
  private id = -1;

  constructor(private readonly cursor: Parser.TreeCursor, language: object) {
    let tables = tablesByLanguage.get(language);
    if (!tables) tablesByLanguage.set(language, (tables = { typeNames: [], named: [], fieldNames: [] }));
    this.tables = tables;
  }

  /** The current node's symbol; `type()` and `named()` then describe it without another native call. */
  typeId(): number {
    const id = this.cursor.nodeTypeId;
    this.id = id;
    if (this.tables.typeNames[id] === undefined) {
      this.tables.typeNames[id] = this.cursor.nodeType;
      this.tables.named[id] = this.cursor.nodeIsNamed;
    }
    return id;
  }

  /** The type name of the node seen by the last `typeId()`. */
  type(): string {
    return this.tables.typeNames[this.id]!;
  }

  /** Whether the node seen by the last `typeId()` is named. */
  named(): boolean {
    return this.tables.named[this.id]!;
  }

  /** The current node's field in its parent (`left`, `function`, ...), if it has one. */
  field(): string | undefined {
    const id = this.cursor.currentFieldId;
    if (id === undefined) return undefined;
    const names = this.tables.fieldNames;
    return id in names ? names[id] : (names[id] = this.cursor.currentFieldName ?? undefined);
  }
}

/** The grammar object a tree was parsed with (the binding sets `tree.language`; its typings omit it). */
export function treeLanguage(tree: Parser.Tree): object {
  return (tree as unknown as { language: object }).language;
}
