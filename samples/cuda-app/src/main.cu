// main.cu - cuda_app driver. Uploads two vectors on a copy stream, then runs
// y = 2x + 0.5y, a sum reduction, a histogram and a stream compaction of y on
// a compute stream, and finally the GEMM comparison from gemm.cu.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cuda_check.h"
#include "kernels.cuh"
#include "util.h"

namespace {

struct Options {
  size_t n = size_t{1} << 24;
  int gemm_m = 1024, gemm_n = 1024, gemm_k = 1024;
  int iters = 20;
  int device = 0;
  int block = 256;
  int bins = 16384;  // 64 KB of shared memory per block
  bool verify = true;
  bool skip_gemm = false;
};

void usage(const char* argv0) {
  std::printf("usage: %s [-n ELEMS] [--gemm MxNxK] [--iters N] [--device ID]\n"
              "       [--block 128|256|512] [--bins NBINS] [--no-verify] [--skip-gemm]\n",
              argv0);
}

// Returns false when the program should exit successfully (--help).
bool parse_args(int argc, char** argv, Options& opt) {
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "missing value for %s\n", arg);
        std::exit(2);
      }
      return argv[++i];
    };
    if (!std::strcmp(arg, "-n")) {
      opt.n = std::strtoull(value(), nullptr, 10);
    } else if (!std::strcmp(arg, "--gemm")) {
      if (std::sscanf(value(), "%dx%dx%d", &opt.gemm_m, &opt.gemm_n, &opt.gemm_k) != 3) {
        std::fprintf(stderr, "--gemm expects MxNxK, e.g. 2048x2048x1024\n");
        std::exit(2);
      }
    } else if (!std::strcmp(arg, "--iters")) {
      opt.iters = std::atoi(value());
    } else if (!std::strcmp(arg, "--device")) {
      opt.device = std::atoi(value());
    } else if (!std::strcmp(arg, "--block")) {
      opt.block = std::atoi(value());
    } else if (!std::strcmp(arg, "--bins")) {
      opt.bins = std::atoi(value());
    } else if (!std::strcmp(arg, "--no-verify")) {
      opt.verify = false;
    } else if (!std::strcmp(arg, "--skip-gemm")) {
      opt.skip_gemm = true;
    } else if (!std::strcmp(arg, "-h") || !std::strcmp(arg, "--help")) {
      usage(argv[0]);
      return false;
    } else {
      std::fprintf(stderr, "unknown argument: %s\n", arg);
      usage(argv[0]);
      std::exit(2);
    }
  }
  return true;
}

void print_device(int dev, const cudaDeviceProp& prop) {
  int driver = 0, runtime = 0;
  CUDA_CHECK(cudaDriverGetVersion(&driver));
  CUDA_CHECK(cudaRuntimeGetVersion(&runtime));
  std::printf("device %d: %s (sm_%d%d), driver %s, runtime %s\n", dev, prop.name, prop.major,
              prop.minor, format_cuda_version(driver).c_str(),
              format_cuda_version(runtime).c_str());
  std::printf("  %d SMs, warp size %d, %s global, %s shared/block (opt-in)\n",
              prop.multiProcessorCount, prop.warpSize,
              format_bytes(prop.totalGlobalMem).c_str(),
              format_bytes(prop.sharedMemPerBlockOptin).c_str());
}

// Stream-ordered allocation where the runtime has it (CUDA 11.2+): buffers can
// be released without a device-wide sync. Older toolkits use plain cudaMalloc.
void* device_alloc(size_t bytes, cudaStream_t stream) {
  void* p = nullptr;
#if CUDART_VERSION >= 11020
  const cudaError_t err = cudaMallocAsync(&p, bytes, stream);
#else
  (void)stream;
  const cudaError_t err = cudaMalloc(&p, bytes);
#endif
  if (err != cudaSuccess) {
    std::fprintf(stderr, "cudaMalloc failed\n");
    std::fprintf(stderr, "  %s requested: %s\n", format_bytes(bytes).c_str(),
                 cudaGetErrorString(err));
    std::exit(EXIT_FAILURE);
  }
  return p;
}

void device_free(void* p, cudaStream_t stream) {
#if CUDART_VERSION >= 11020
  CUDA_CHECK(cudaFreeAsync(p, stream));
#else
  (void)stream;
  CUDA_CHECK(cudaFree(p));
#endif
}

float elapsed_ms(cudaEvent_t start, cudaEvent_t stop) {
  CUDA_CHECK(cudaEventSynchronize(stop));
  float ms = 0.0f;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  return ms;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_args(argc, argv, opt)) return 0;

  int device_count = 0;
  CUDA_CHECK(cudaGetDeviceCount(&device_count));
  if (opt.device < 0 || opt.device >= device_count) {
    std::fprintf(stderr, "device %d not found (%d visible)\n", opt.device, device_count);
    return 1;
  }
  CUDA_CHECK(cudaSetDevice(opt.device));
  cudaDeviceProp prop;
  CUDA_CHECK(cudaGetDeviceProperties(&prop, opt.device));
  print_device(opt.device, prop);
  if (prop.warpSize != kWarpSize) {
    std::fprintf(stderr, "warning: kernels assume %d-lane warps, device has %d\n", kWarpSize,
                 prop.warpSize);
  }

  cudaStream_t copy_stream, compute_stream;
  CUDA_CHECK(cudaStreamCreateWithFlags(&copy_stream, cudaStreamNonBlocking));
  CUDA_CHECK(cudaStreamCreateWithFlags(&compute_stream, cudaStreamNonBlocking));
  cudaEvent_t start, stop, uploaded;
  CUDA_CHECK(cudaEventCreate(&start));
  CUDA_CHECK(cudaEventCreate(&stop));
  CUDA_CHECK(cudaEventCreateWithFlags(&uploaded, cudaEventDisableTiming));

  // Pinned host buffers so the uploads below really are asynchronous.
  const size_t n = opt.n;
  const size_t bytes = n * sizeof(float);
  const unsigned int capacity = 1u << 20;
  float *h_x = nullptr, *h_y = nullptr;
  CUDA_CHECK(cudaMallocHost(&h_x, bytes));
  CUDA_CHECK(cudaMallocHost(&h_y, bytes));
  fill_uniform(h_x, n, 1234u, -1.0f, 1.0f);
  fill_uniform(h_y, n, 5678u, -1.0f, 1.0f);

  auto* d_x = static_cast<float*>(device_alloc(bytes, copy_stream));
  auto* d_y = static_cast<float*>(device_alloc(bytes, copy_stream));
  auto* d_scratch = static_cast<float*>(device_alloc((kMaxReduceBlocks + 1) * sizeof(float), copy_stream));
  float* d_sum = d_scratch + kMaxReduceBlocks;
  auto* d_bins = static_cast<unsigned int*>(device_alloc(opt.bins * sizeof(unsigned int), copy_stream));
  auto* d_idx = static_cast<unsigned int*>(device_alloc(capacity * sizeof(unsigned int), copy_stream));
  auto* d_count = static_cast<unsigned int*>(device_alloc(sizeof(unsigned int), copy_stream));

  // Upload on the copy stream; the compute stream waits on an event, not on
  // the whole device.
  CUDA_CHECK(cudaEventRecord(start, copy_stream));
  CUDA_CHECK(cudaMemcpyAsync(d_x, h_x, bytes, cudaMemcpyHostToDevice, copy_stream));
  CUDA_CHECK(cudaMemcpyAsync(d_y, h_y, bytes, cudaMemcpyHostToDevice, copy_stream));
  CUDA_CHECK(cudaMemsetAsync(d_bins, 0, opt.bins * sizeof(unsigned int), copy_stream));
  CUDA_CHECK(cudaMemsetAsync(d_count, 0, sizeof(unsigned int), copy_stream));
  CUDA_CHECK(cudaEventRecord(stop, copy_stream));
  CUDA_CHECK(cudaEventRecord(uploaded, copy_stream));
  CUDA_CHECK(cudaStreamWaitEvent(compute_stream, uploaded, 0));
  const float upload_ms = elapsed_ms(start, stop);
  std::printf("upload   %8.3f ms  (%.1f GB/s)\n", upload_ms, 2.0 * bytes / upload_ms / 1e6);

  const int block = opt.block;
  const int grid = static_cast<int>(std::min<size_t>(ceil_div<size_t>(n, block),
                                                     static_cast<size_t>(prop.multiProcessorCount) * 16));

  // y = 2x + 0.5y
  axpby_kernel<float><<<grid, block, 0, compute_stream>>>(n, 2.0f, d_x, 0.5f, d_y);
  CUDA_CHECK_LAUNCH();

  // sum(y), averaged over opt.iters runs
  CUDA_CHECK(cudaEventRecord(start, compute_stream));
  for (int it = 0; it < opt.iters; ++it) {
    device_sum_async(d_y, n, d_scratch, d_sum, block, compute_stream);
  }
  CUDA_CHECK(cudaEventRecord(stop, compute_stream));
  const float sum_ms = elapsed_ms(start, stop) / std::max(opt.iters, 1);
  std::printf("reduce   %8.3f ms  (%.1f GB/s)\n", sum_ms, bytes / sum_ms / 1e6);

  // Histogram of y over [-3, 3). Above 48 KB, dynamic shared memory is opt-in
  // per kernel and capped by sharedMemPerBlockOptin.
  const size_t hist_smem = static_cast<size_t>(opt.bins) * sizeof(unsigned int);
  if (hist_smem > prop.sharedMemPerBlockOptin) {
    std::fprintf(stderr, "--bins %d needs %s of shared memory, device allows %s\n", opt.bins,
                 format_bytes(hist_smem).c_str(), format_bytes(prop.sharedMemPerBlockOptin).c_str());
    return 1;
  }
  if (hist_smem > 48 * 1024) {
    CUDA_CHECK(cudaFuncSetAttribute(histogram_kernel<float>,
                                    cudaFuncAttributeMaxDynamicSharedMemorySize,
                                    static_cast<int>(hist_smem)));
  }
  histogram_kernel<float><<<prop.multiProcessorCount, block, hist_smem, compute_stream>>>(
      d_y, n, -3.0f, 3.0f, opt.bins, d_bins);
  CUDA_CHECK_LAUNCH();

  // Indices of |y| > 2.4 (the tail of the 2x + 0.5y distribution).
  select_above_kernel<float><<<grid, block, 0, compute_stream>>>(d_y, n, 2.4f, d_idx, capacity, d_count);
  CUDA_CHECK_LAUNCH();

  // Bring the small results back through pinned memory.
  float* h_sum = nullptr;
  unsigned int* h_small = nullptr;  // [0] = match count, [1..] = bins
  CUDA_CHECK(cudaMallocHost(&h_sum, sizeof(float)));
  CUDA_CHECK(cudaMallocHost(&h_small, (1 + opt.bins) * sizeof(unsigned int)));
  CUDA_CHECK(cudaMemcpyAsync(h_sum, d_sum, sizeof(float), cudaMemcpyDeviceToHost, compute_stream));
  CUDA_CHECK(cudaMemcpyAsync(h_small, d_count, sizeof(unsigned int), cudaMemcpyDeviceToHost, compute_stream));
  CUDA_CHECK(cudaMemcpyAsync(h_small + 1, d_bins, opt.bins * sizeof(unsigned int),
                             cudaMemcpyDeviceToHost, compute_stream));
  CUDA_CHECK(cudaStreamSynchronize(compute_stream));

  unsigned long long binned = 0;
  for (int b = 0; b < opt.bins; ++b) binned += h_small[1 + b];
  std::printf("sum(y) = %.6e, |y| > 2.4: %u, histogram total: %llu\n", *h_sum, h_small[0], binned);

  int status = 0;
  if (opt.verify) {
    // h_y becomes the host copy of the device y.
    host_axpby(n, 2.0f, h_x, 0.5f, h_y);
    const double ref = host_sum(h_y, n);
    const double rel = std::fabs(ref - *h_sum) / std::max(std::fabs(ref), 1.0);
    std::printf("verify: sum rel err %.2e %s\n", rel, rel < 1e-4 ? "OK" : "MISMATCH");
    if (rel >= 1e-4 || binned != n) status = 1;  // |y| <= 2.5, so every y is binned
  }

  if (!opt.skip_gemm) {
    const GemmReport r = run_gemm_benchmark(opt.gemm_m, opt.gemm_n, opt.gemm_k, opt.iters,
                                            opt.verify, compute_stream);
    const double flop = 2.0 * opt.gemm_m * opt.gemm_n * opt.gemm_k;
    std::printf("gemm %dx%dx%d: tiled %.3f ms (%.0f GFLOP/s), sgemm %.3f ms (%.0f GFLOP/s), "
                "tf32 %.3f ms (%.0f GFLOP/s)\n",
                opt.gemm_m, opt.gemm_n, opt.gemm_k, r.ms_tiled, flop / r.ms_tiled / 1e6,
                r.ms_sgemm, flop / r.ms_sgemm / 1e6, r.ms_tf32, flop / r.ms_tf32 / 1e6);
    if (opt.verify) {
      std::printf("verify: tiled max rel err %.2e, tf32 max rel err %.2e\n", r.max_err_tiled,
                  r.max_err_tf32);
      if (r.max_err_tiled > 1e-3f) status = 1;
    }
  }

  void* const device_buffers[] = {d_x, d_y, d_scratch, d_bins, d_idx, d_count};
  for (void* p : device_buffers) device_free(p, compute_stream);
  CUDA_CHECK(cudaStreamSynchronize(compute_stream));
  CUDA_CHECK(cudaFreeHost(h_x));
  CUDA_CHECK(cudaFreeHost(h_y));
  CUDA_CHECK(cudaFreeHost(h_sum));
  CUDA_CHECK(cudaFreeHost(h_small));
  CUDA_CHECK(cudaEventDestroy(start));
  CUDA_CHECK(cudaEventDestroy(stop));
  CUDA_CHECK(cudaEventDestroy(uploaded));
  CUDA_CHECK(cudaStreamDestroy(copy_stream));
  CUDA_CHECK(cudaStreamDestroy(compute_stream));
  return status;
}
