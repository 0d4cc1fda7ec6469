// A kernel launched from device code (`child<<<1, 32>>>(x)` or cudaLaunchKernel in a kernel): dynamic
// parallelism. The launch itself is read by ../launch-read.ts, once for this check and the launch list.
import type { KernelCheck } from './check.js';

export const deviceLaunches: KernelCheck = {
  id: 'device-launches',
  nodeTypes: ['call_expression', 'kernel_call_syntax'],
  features: ['dynamic-parallelism'],
  visit(ctx) {
    const launch = ctx.launch();
    if (launch) ctx.add('dynamic-parallelism', launch.node, `launches ${launch.kernel}`);
  },
};
