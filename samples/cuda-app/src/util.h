// util.h - host-only helpers. No CUDA headers: util.cpp is built by the plain
// C++ compiler and its reference code is unit-tested on CPU-only machines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

void fill_uniform(float* dst, size_t n, uint32_t seed, float lo, float hi);

double host_sum(const float* x, size_t n);
void host_axpby(size_t n, float alpha, const float* x, float beta, float* y);
void host_gemm(const float* A, const float* B, float* C, int M, int N, int K);

// max_i |ref[i] - got[i]| / max(|ref[i]|, abs_floor)
float max_rel_error(const float* ref, const float* got, size_t n, float abs_floor = 1e-3f);

std::string format_bytes(size_t bytes);
std::string format_cuda_version(int version);
