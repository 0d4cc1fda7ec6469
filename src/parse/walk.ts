// Depth-first walk of a syntax tree with a TreeCursor: far cheaper than SyntaxNode objects (no JS
// object per node). `enter` sees each node (the cursor is on it) and says whether to descend;
// `leave(depth)` is called when the walk moves on from every node at `depth` or deeper.
import type Parser from 'tree-sitter';

export function walkTree(
  cursor: Parser.TreeCursor,
  enter: (depth: number) => boolean,
  leave: (depth: number) => void,
): void {
  let depth = 0;
  for (;;) {
    if (enter(depth) && cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (cursor.gotoNextSibling()) {
        leave(depth);
        break;
      }
      if (!cursor.gotoParent()) {
        leave(0);
        return;
      }
      depth--;
    }
  }
}
