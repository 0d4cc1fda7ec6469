// Small SVG chart drawing for the HTML report: stacked horizontal bars, plain bars and a nested
// squarified treemap. Written here (no chart library) so the report is one self-contained, deterministic file.
// Every label goes through escapeHtml; every shape carries data-value so a test can read the data.
import { escapeHtml as e } from '../escape.js';

const n = (v: number) => (Math.round(v * 10) / 10).toString();

export interface Segment { key: string; value: number }
export interface StackedRow { label: string; segments: Segment[] }

const LABEL_W = 190;
const BAR_H = 22;
const GAP = 8;
const LEGEND_X = 10;
/** Labels longer than the label column are shortened; the full text is in the tooltip. */
const LABEL_CHARS = 28;
const short = (s: string) => ([...s].length > LABEL_CHARS ? `${[...s].slice(0, LABEL_CHARS - 1).join('')}…` : s);

/** One bar per row, split into coloured segments; `normalize` draws shares (each bar full width). */
export function stackedBars(chart: string, rows: StackedRow[], colours: Record<string, string>, opts: { width?: number; normalize?: boolean; unit?: string; legend?: boolean } = {}): string {
  const width = opts.width ?? 720;
  const plot = width - LABEL_W - 70;
  const max = Math.max(1e-9, ...rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0)));
  const height = rows.length * (BAR_H + GAP) + 28;
  const body = rows.map((r, i) => {
    const total = r.segments.reduce((s, x) => s + x.value, 0);
    const scale = opts.normalize ? (total ? plot / total : 0) : plot / max;
    const y = i * (BAR_H + GAP);
    let x = LABEL_W;
    const rects = r.segments.filter((s) => s.value > 0).map((s) => {
      const w = s.value * scale;
      const rect = `<rect x="${n(x)}" y="${y}" width="${n(w)}" height="${BAR_H}" fill="${colours[s.key]}" data-key="${e(s.key)}" data-value="${n(s.value)}"><title>${e(r.label)} · ${e(s.key)}: ${n(s.value)}${opts.unit ?? ''}</title></rect>`;
      x += w;
      return rect;
    }).join('');
    return `<text x="${LABEL_W - 6}" y="${y + BAR_H * 0.7}" text-anchor="end"><title>${e(r.label)}</title>${e(short(r.label))}</text>${rects}<text x="${n(x + 4)}" y="${y + BAR_H * 0.7}">${opts.normalize ? '' : `${n(total)}${opts.unit ?? ''}`}</text>`;
  }).join('');
  const keys = opts.legend === false ? [] : Object.keys(colours);
  const legendY = rows.length * (BAR_H + GAP) + 12;
  const legend = keys.map((k, i) => `<rect x="${LEGEND_X + i * 95}" y="${legendY}" width="10" height="10" fill="${colours[k]}"/><text x="${LEGEND_X + i * 95 + 14}" y="${legendY + 9}">${e(k)}</text>`).join('');
  return `<svg class="chart" data-chart="${e(chart)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${body}${legend}</svg>`;
}

/** Plain horizontal bars, one per row, longest first as given. */
export function bars(chart: string, rows: { label: string; value: number; colour: string }[], opts: { width?: number; unit?: string } = {}): string {
  return stackedBars(chart, rows.map((r) => ({ label: r.label, segments: [{ key: r.label, value: r.value }] })), Object.fromEntries(rows.map((r) => [r.label, r.colour])), { ...opts, legend: false });
}

export interface Tile { label: string; value: number; x: number; y: number; w: number; h: number }

/** Squarified treemap (Bruls, Huizing, van Wijk 2000): rows of tiles laid along the shorter side,
 *  a row closed when adding a tile would worsen its worst aspect ratio. Items sorted by value. */
export function squarify(items: { label: string; value: number }[], width: number, height: number): Tile[] {
  const sorted = items.filter((i) => i.value > 0).sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1));
  const total = sorted.reduce((s, i) => s + i.value, 0);
  if (!total) return [];
  const scale = (width * height) / total;
  const tiles: Tile[] = [];
  let rect = { x: 0, y: 0, w: width, h: height };
  let row: { label: string; value: number }[] = [];
  const worst = (r: typeof row, side: number) => {
    const s = r.reduce((a, i) => a + i.value * scale, 0);
    return Math.max(...r.map((i) => Math.max((side * side * i.value * scale) / (s * s), (s * s) / (side * side * i.value * scale))));
  };
  const layout = (r: typeof row) => {
    const s = r.reduce((a, i) => a + i.value * scale, 0);
    const horizontal = rect.w >= rect.h; // lay the row along the shorter side
    const thick = s / (horizontal ? rect.h : rect.w);
    let off = 0;
    for (const i of r) {
      const len = (i.value * scale) / thick;
      tiles.push(horizontal ? { ...i, x: rect.x, y: rect.y + off, w: thick, h: len } : { ...i, x: rect.x + off, y: rect.y, w: len, h: thick });
      off += len;
    }
    rect = horizontal ? { x: rect.x + thick, y: rect.y, w: rect.w - thick, h: rect.h } : { x: rect.x, y: rect.y + thick, w: rect.w, h: rect.h - thick };
  };
  for (const item of sorted) {
    const side = Math.min(rect.w, rect.h);
    if (row.length && worst([...row, item], side) > worst(row, side)) {
      layout(row);
      row = [];
    }
    row.push(item);
  }
  if (row.length) layout(row);
  return tiles;
}

/** A node of the nested treemap: the shape of dir-tree.ts's TreeNode, read structurally. */
export interface NestedItem { name: string; path: string; isDir: boolean; likelyHours: number; children: NestedItem[] }

const HEADER = 15;
const MAX_DEPTH = 4;
const MAX_TILES = 400;
const MIN_SIDE = 3;

/** The directory tree as nested tiles: each directory's tile holds its children's, areas by hours,
 *  colours from pale to deep by hours among the tiles of the same depth. Deeper levels stop where a
 *  tile is too small to hold a header and children, at MAX_DEPTH, or after MAX_TILES tiles (the
 *  tables below list every file). Each tile carries data-key (its path), data-value and data-depth. */
export function nestedTreemap(chart: string, root: NestedItem, opts: { width?: number; height?: number; unit?: string } = {}): string {
  const width = opts.width ?? 720, height = opts.height ?? 360;
  type Placed = { node: NestedItem; depth: number; x: number; y: number; w: number; h: number };
  const placed: Placed[] = [];
  const lay = (node: NestedItem, depth: number, x: number, y: number, w: number, h: number) => {
    const byPath = new Map(node.children.map((c) => [c.path, c]));
    const tiles = squarify(node.children.map((c) => ({ label: c.path, value: c.likelyHours })), w, h);
    const inner: Placed[] = [];
    for (const t of tiles) {
      if (placed.length >= MAX_TILES || t.w < MIN_SIDE || t.h < MIN_SIDE) continue;
      const p = { node: byPath.get(t.label)!, depth, x: x + t.x, y: y + t.y, w: t.w, h: t.h };
      placed.push(p);
      inner.push(p);
    }
    // Breadth first within a level, so the tile budget goes to the upper levels before the deeper ones.
    for (const p of inner) {
      if (p.node.isDir && p.node.children.length && depth + 1 < MAX_DEPTH && p.w > 24 && p.h > HEADER + 12) {
        lay(p.node, depth + 1, p.x + 2, p.y + HEADER, p.w - 4, p.h - HEADER - 2);
      }
    }
  };
  lay(root, 0, 0, 0, width, height);
  const maxAt = new Map<number, number>();
  for (const p of placed) maxAt.set(p.depth, Math.max(maxAt.get(p.depth) ?? 0, p.node.likelyHours));
  // Parents before children (SVG paints in order); within a depth in placement order.
  const body = [...placed].sort((a, b) => a.depth - b.depth).map((p) => {
    const light = 90 - Math.round((p.node.likelyHours / Math.max(1e-9, maxAt.get(p.depth)!)) * 50);
    const name = `${p.node.name}${p.node.isDir ? '/' : ''}`;
    const fits = Math.max(1, Math.floor((p.w - 6) / 6.5));
    const text = p.w > 40 && p.h > 13 ? `<text x="${n(p.x + 3)}" y="${n(p.y + 11)}" fill="${light < 62 ? '#fff' : '#111'}">${e([...name].length > fits ? `${[...name].slice(0, Math.max(1, fits - 1)).join('')}…` : name)}</text>` : '';
    return `<g><rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}" fill="hsl(14 80% ${light}%)" stroke="#fff" data-key="${e(p.node.path)}" data-value="${n(p.node.likelyHours)}" data-depth="${p.depth}"><title>${e(p.node.path)}${p.node.isDir ? '/' : ''}: ${n(p.node.likelyHours)}${opts.unit ?? ''}</title></rect>${text}</g>`;
  }).join('');
  return `<svg class="chart" data-chart="${e(chart)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${body}</svg>`;
}
