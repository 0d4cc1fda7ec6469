// `double` written in device code. A scalar `double` parameter (`const double eps`) is graded apart
// (`fp64-parameter`: pass a float) from double data and arithmetic (`fp64`).
import type { KernelCheck } from './check.js';
import { context } from './syntax.js';

export const doubleType: KernelCheck = {
  id: 'double-type',
  nodeTypes: ['primitive_type'],
  features: ['fp64', 'fp64-parameter'],
  visit(ctx, cursor) {
    if (cursor.nodeText !== 'double') return;
    const node = cursor.currentNode;
    const param = node.parent?.type === 'parameter_declaration' ? node.parent : undefined;
    const declarator = param?.childForFieldName('declarator');
    if (declarator?.type === 'identifier') ctx.add('fp64-parameter', node, `double parameter ${declarator.text}`, param!);
    else ctx.add('fp64', node, 'double', context(node.parent ?? node));
  },
};
