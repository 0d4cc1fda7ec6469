import { warpTile } from '../../src/kernels/checks/warp-tile.js';
import { testCheck } from './check-tester.js';

testCheck(warpTile, {
  valid: [
    '__global__ void k(float* x) { auto t = tiled_partition<16>(this_thread_block()); x[0] = t.size(); }',
    'void h() { thread_block_tile<32> t; }',
  ],
  invalid: [
    { code: '__global__ void k(float* x) {\n  auto t = tiled_partition<32>(this_thread_block());\n}', evidence: ['warp-size-assumption@2: tiled_partition<32>'] },
  ],
});
