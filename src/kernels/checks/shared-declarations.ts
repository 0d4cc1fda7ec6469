// `__shared__ float tile[32][33];` (static: its size in bytes when literal) and `extern __shared__ float
// smem[];` (dynamic: sized at launch, linked with the launch's shared-memory argument in ../link.ts).
import { nameTable } from '../../detect/cpp-matcher.js';
import type { KernelCheck } from './check.js';
import type { Node } from './syntax.js';

export const sharedDeclarations: KernelCheck = {
  id: 'shared-declarations',
  nodeTypes: ['declaration', 'field_declaration'],
  features: ['shared-static', 'shared-dynamic'],
  visit(ctx) {
    const { node, typeText, shared, external, declarators } = ctx.declaration();
    if (!shared) return;
    for (const { node: decl } of declarators) {
      if (external) ctx.add('shared-dynamic', decl, `extern __shared__ ${typeText}`, node);
      else {
        const size = sharedBytes(typeText, decl);
        ctx.add('shared-static', decl, size !== undefined ? `${size} bytes` : 'size not constant', node);
      }
    }
  },
};

/** Bytes of a static __shared__ array when its element type and sizes are literal, else undefined. */
const TYPE_BYTES: Record<string, number> = nameTable({
  char: 1, 'unsigned char': 1, int8_t: 1, uint8_t: 1, bool: 1, short: 2, 'unsigned short': 2, int16_t: 2, uint16_t: 2,
  half: 2, __half: 2, __nv_bfloat16: 2, int: 4, unsigned: 4, 'unsigned int': 4, int32_t: 4, uint32_t: 4, float: 4, half2: 4, __half2: 4,
  __nv_bfloat162: 4, long: 8, 'long long': 8, 'unsigned long long': 8, int64_t: 8, uint64_t: 8, double: 8, float2: 8, int2: 8,
  float4: 16, int4: 16, uint4: 16, double2: 16,
});
function sharedBytes(typeText: string, decl: Node): number | undefined {
  const element = TYPE_BYTES[typeText.replace(/\bconst\b|\bvolatile\b/g, '').trim()];
  if (element === undefined) return undefined;
  let total = element;
  for (let cur: Node | null = decl, guard = 0; cur && guard < 8; guard++) {
    if (cur.type === 'array_declarator') {
      const size = cur.childForFieldName('size');
      if (!size || size.type !== 'number_literal') return undefined;
      total *= Number(size.text.replace(/[uUlL]+$/, ''));
      cur = cur.childForFieldName('declarator');
    } else if (cur.type === 'identifier') return total;
    else return undefined;
  }
  return undefined;
}

