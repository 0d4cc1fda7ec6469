// The heaviest places of one target as a rolled-up tree: each directory carries the likely hours of its
// whole subtree, each file its own (the estimate's per-file hours). Text and Markdown print the top of it
// as an indented tree; the HTML report draws it as a nested treemap. Sorted by hours, then by name, so
// the same report gives the same tree.
export interface TreeNode {
  /** The last path segment (`src`, `kernels.cuh`); the root's is ''. */
  name: string;
  /** The full path from the scanned root (`cuda-app/src`); the root's is ''. */
  path: string;
  isDir: boolean;
  likelyHours: number;
  /** Heaviest first. */
  children: TreeNode[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const byHours = (a: TreeNode, b: TreeNode) => b.likelyHours - a.likelyHours || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The tree of every file that costs hours on the target, directories rolled up over their subtree. */
export function buildTree(fileHours: { file: string; likelyHours: number }[]): TreeNode {
  const root: TreeNode = { name: '', path: '', isDir: true, likelyHours: 0, children: [] };
  const dirs = new Map<string, TreeNode>([['', root]]);
  for (const { file, likelyHours } of fileHours) {
    const parts = file.split('/');
    let parent = root;
    parent.likelyHours += likelyHours;
    for (let i = 0; i < parts.length - 1; i++) {
      const path = parts.slice(0, i + 1).join('/');
      let dir = dirs.get(path);
      if (!dir) {
        dir = { name: parts[i]!, path, isDir: true, likelyHours: 0, children: [] };
        dirs.set(path, dir);
        parent.children.push(dir);
      }
      dir.likelyHours += likelyHours;
      parent = dir;
    }
    parent.children.push({ name: parts[parts.length - 1]!, path: file, isDir: false, likelyHours, children: [] });
  }
  const settle = (n: TreeNode) => {
    n.likelyHours = round1(n.likelyHours);
    n.children.forEach(settle);
    n.children.sort(byHours);
  };
  settle(root);
  return root;
}

export function countNodes(node: TreeNode): number {
  return node.children.reduce((n, c) => n + 1 + countNodes(c), 0);
}

/** The `limit` heaviest nodes (directories and files), each with its ancestors so the tree stays a
 *  tree: a node is taken heaviest first while it and its missing ancestors fit in the limit. */
export function topOfTree(root: TreeNode, limit: number): Set<string> {
  const all: TreeNode[] = [];
  const parentOf = new Map<string, TreeNode>();
  const walk = (n: TreeNode) => n.children.forEach((c) => { all.push(c); parentOf.set(c.path, n); walk(c); });
  walk(root);
  all.sort(byHours);
  const chosen = new Set<string>();
  for (const node of all) {
    if (chosen.size >= limit) break;
    const missing: string[] = [];
    for (let n: TreeNode | undefined = node; n && n !== root && !chosen.has(n.path); n = parentOf.get(n.path)) missing.push(n.path);
    if (chosen.size + missing.length <= limit) missing.forEach((p) => chosen.add(p));
  }
  return chosen;
}

/** The chosen nodes in tree order, each with its depth (0 under the root). */
export function treeRows(root: TreeNode, chosen: Set<string>): { node: TreeNode; depth: number }[] {
  const out: { node: TreeNode; depth: number }[] = [];
  const walk = (n: TreeNode, depth: number) => {
    for (const c of n.children) {
      if (!chosen.has(c.path)) continue;
      out.push({ node: c, depth });
      walk(c, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}
