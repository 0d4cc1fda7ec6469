// The JSON report in pieces (src/report/json.ts) and the buffered writer (src/cli/output.ts): the same bytes
// as one JSON.stringify, whatever the array sizes and characters.
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../src/report/json.js';
import { batched } from '../src/cli/output.js';
import type { Report } from '../src/report/build.js';

const sample = (n: number) => ({
  schema: 'cuport-report',
  findings: Array.from({ length: n }, (_, i) => ({ file: `dir/é${i}.cu`, line: i, nested: { list: [i, `x\n${i}`], empty: [] }, note: i % 7 ? undefined : '漢字 \u{1F600}' })),
  empty: [],
  nothing: undefined,
  kernels: [{ a: 1 }],
  summary: { findings: n, byKind: { x: 1 } },
}) as unknown as Report;

describe('JSON in pieces', () => {
  for (const n of [0, 1, 63, 64, 65, 128, 1000]) {
    it(`equals JSON.stringify(report, null, 2) with ${n} findings`, () => {
      const report = sample(n);
      expect([...jsonChunks(report)].join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    });
  }

  it('keeps each piece of a big report small: under 128 KB, where V8 would make a string only a full GC frees', () => {
    // A finding of a real report is ~1 KB of indented JSON (file, rule, name, positions, a snippet, the
    // four targets' verdicts and sources): 1,000 of them in one piece would be a megabyte.
    const finding = (i: number) => ({
      file: `include/cute/arch/mma_sm90_${i}.hpp`, line: i, column: 7, ruleId: 'cuda-runtime-api', name: `cudaMemcpyAsync${i}`,
      snippet: 'x'.repeat(120), status: { musa: 'native', cann: 'adapt', birensupa: 'unknown', dcu: 'native' },
      sources: ['https://example.org/'.repeat(4), 'https://example.org/'.repeat(4), 'https://example.org/'.repeat(4)],
      notes: 'n'.repeat(300),
    });
    // Elements of another size in another array (a kernel with its features is kilobytes).
    const kernel = (i: number) => ({ name: `k${i}`, features: Array.from({ length: 40 }, (_, k) => ({ feature: `f${k}`, text: 'y'.repeat(200) })) });
    const report = { schema: 'cuport-report', findings: Array.from({ length: 5000 }, (_, i) => finding(i)), kernels: Array.from({ length: 300 }, (_, i) => kernel(i)) } as unknown as Report;
    const pieces = [...jsonChunks(report)];
    expect(pieces.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(Math.max(...pieces.map((p) => Buffer.byteLength(p)))).toBeLessThan(128 * 1024);
  });

  it('equals JSON.stringify for every kind of top-level value and element (cut from a wrapper array)', () => {
    const odd = {
      n: 3, s: 'a\nb ]', t: true, z: null, o: {}, e: [], deep: { a: [[1, [2, {}]], []] },
      rows: [[1, 2], [], null, 'x\n]', 0, { k: [] }, [[[]]]],
    } as unknown as Report;
    expect([...jsonChunks(odd)].join('')).toBe(`${JSON.stringify(odd, null, 2)}\n`);
  });

  it('the buffered writer gives the same UTF-8 bytes as the pieces, for small and large pieces', () => {
    const pieces = ['a', 'é'.repeat(5000), '\u{1F600}', 'x'.repeat(400_000), '漢'.repeat(300_000), 'end\n'];
    const out = Buffer.concat([...batched(pieces, 1 << 16)]);
    expect(out.equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect([...batched([])]).toEqual([]);
  });

  it.each([1, 2, 3])('a ring of %i buffers gives the same bytes to a consumer holding ring - 1 batches (the file writer)', (ring) => {
    const pieces = ['a', 'é'.repeat(5000), '\u{1F600}', 'x'.repeat(40_000), '漢'.repeat(30_000), 'b'.repeat(5000), 'c'.repeat(5000), 'end\n'];
    const copies: Buffer[] = [];
    const held: Uint8Array[] = [];
    const seen = new Set<ArrayBufferLike>();
    for (const b of batched(pieces, 1 << 14, ring)) {
      // Copied only once ring - 1 later batches have been handed out: the buffer must not have been refilled.
      held.push(b);
      if (held.length === ring) copies.push(Buffer.from(held.shift()!));
      // Pieces larger than the buffer come encoded on their own; the batches share the ring's buffers.
      if (b.byteLength <= 1 << 14) seen.add(b.buffer);
    }
    copies.push(...held.map((b) => Buffer.from(b)));
    expect(Buffer.concat(copies).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(copies.length).toBeGreaterThan(ring + 1);
    expect(seen.size).toBe(ring);
  });
});
