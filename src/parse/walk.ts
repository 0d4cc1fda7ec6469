// Depth-first walks of a syntax tree with a TreeCursor: far cheaper than SyntaxNode objects (no JS
// object per node), and one walk can serve several visitors, so a file's tree is traversed once.
import type Parser from 'tree-sitter';
import { CursorNames, treeLanguage } from './cursor-names.js';

/** Sees each node (the shared cursor is on it) and says whether to descend into it; `leave(depth)`
 *  is called when the walk moves on from every node at `depth` or deeper. */
export interface TreeVisitor {
  /** `type`: the node's type name, read once by the walk for all its visitors (each native read of
   *  `cursor.nodeType` costs about as much as the step to the node). */
  enter(depth: number, type: string): boolean;
  leave(depth: number): void;
}

export function walkTree(
  cursor: Parser.TreeCursor,
  enter: (depth: number, type: string) => boolean,
  leave: (depth: number) => void,
): void {
  const names = new CursorNames(cursor, treeLanguage((cursor as unknown as { tree: Parser.Tree }).tree));
  let depth = 0;
  for (;;) {
    names.typeId();
    if (enter(depth, names.type()) && cursor.gotoFirstChild()) {
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

/**
 * One walk for several visitors. The walk descends where any visitor wants to; a visitor that
 * declined a subtree sees none of its nodes (nor their leave calls) until the walk is past it.
 */
export function walkTreeWith(
  cursor: Parser.TreeCursor,
  visitors: TreeVisitor[],
  /** Called once per node the walk enters: the work meter (src/scan/budget.ts), which may throw to stop it. */
  tick: () => void = () => {},
): void {
  if (visitors.length === 1) return walkTree(cursor, (d, type) => (tick(), visitors[0]!.enter(d, type)), (d) => visitors[0]!.leave(d));
  // skippedAt[i]: depth of the node whose subtree visitor i declined (Infinity: none).
  const skippedAt = visitors.map(() => Infinity);
  walkTree(
    cursor,
    (depth, type) => {
      tick();
      let descend = false;
      for (let i = 0; i < visitors.length; i++) {
        if (depth > skippedAt[i]!) continue;
        if (visitors[i]!.enter(depth, type)) descend = true;
        else skippedAt[i] = depth;
      }
      return descend;
    },
    (depth) => {
      for (let i = 0; i < visitors.length; i++) {
        if (depth > skippedAt[i]!) continue; // still inside the declined subtree
        skippedAt[i] = Infinity;
        visitors[i]!.leave(depth);
      }
    },
  );
}
