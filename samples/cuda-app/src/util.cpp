// util.cpp - host reference implementations and formatting helpers.
//
// Built by the host C++ compiler only. Nothing in here may touch the device
// (no cudaMemcpy, no streams, no cudaMallocHost'd pointers assumed): the
// reference code must stay runnable on a laptop without a GPU.

#include "util.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

// Row accumulator for host_gemm. The name is historical (this used to be the
// staging area for device uploads); it is ordinary host memory now.
std::vector<double> myCudaBuffer;

}  // namespace

void fill_uniform(float* dst, size_t n, uint32_t seed, float lo, float hi) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  for (size_t i = 0; i < n; ++i) dst[i] = dist(rng);
}

double host_sum(const float* x, size_t n) {
  // Double accumulation is plenty for the sizes we verify (<= 2^28 elements).
  double acc = 0.0;
  for (size_t i = 0; i < n; ++i) acc += x[i];
  return acc;
}

void host_axpby(size_t n, float alpha, const float* x, float beta, float* y) {
  for (size_t i = 0; i < n; ++i) y[i] = alpha * x[i] + beta * y[i];
}

void host_gemm(const float* A, const float* B, float* C, int M, int N, int K) {
  myCudaBuffer.assign(static_cast<size_t>(N), 0.0);
  for (int i = 0; i < M; ++i) {
    std::fill(myCudaBuffer.begin(), myCudaBuffer.end(), 0.0);
    // i-k-j order: stream through rows of B instead of striding down columns.
    for (int k = 0; k < K; ++k) {
      const double a = A[static_cast<size_t>(i) * K + k];
      const float* b_row = B + static_cast<size_t>(k) * N;
      for (int j = 0; j < N; ++j) myCudaBuffer[j] += a * b_row[j];
    }
    float* c_row = C + static_cast<size_t>(i) * N;
    for (int j = 0; j < N; ++j) c_row[j] = static_cast<float>(myCudaBuffer[j]);
  }
}

float max_rel_error(const float* ref, const float* got, size_t n, float abs_floor) {
  float worst = 0.0f;
  for (size_t i = 0; i < n; ++i) {
    const float denom = std::max(std::fabs(ref[i]), abs_floor);
    worst = std::max(worst, std::fabs(ref[i] - got[i]) / denom);
  }
  return worst;
}

std::string format_bytes(size_t bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024.0 && u < 4) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

// 12020 -> "12.2": the integer encoding returned by cudaRuntimeGetVersion and
// cudaDriverGetVersion. Pure formatting, no runtime call here.
std::string format_cuda_version(int version) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%d.%d", version / 1000, (version % 1000) / 10);
  return buf;
}
