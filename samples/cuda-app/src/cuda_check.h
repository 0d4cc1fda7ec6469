// cuda_check.h - error checking shared by every translation unit.
//
// Every runtime and cuBLAS call in this project goes through one of these
// macros, so a failure reports file:line instead of silently producing garbage
// three kernels later.
#pragma once

#include <cstdio>
#include <cstdlib>

#include <cublas_v2.h>
#include <cuda_runtime.h>

#define CUDA_CHECK(call)                                                    \
  do {                                                                      \
    const cudaError_t err_ = (call);                                        \
    if (err_ != cudaSuccess) {                                              \
      std::fprintf(stderr, "%s:%d: %s failed: %s (%s)\n", __FILE__,         \
                   __LINE__, #call, cudaGetErrorString(err_),               \
                   cudaGetErrorName(err_));                                 \
      std::exit(EXIT_FAILURE);                                              \
    }                                                                       \
  } while (0)

// Kernel launches return nothing; check the error state right after the
// launch. Debug builds also synchronize so an asynchronous fault is blamed on
// the kernel that caused it rather than on the next API call.
#ifdef NDEBUG
#define CUDA_CHECK_LAUNCH() CUDA_CHECK(cudaGetLastError())
#else
#define CUDA_CHECK_LAUNCH()                                                 \
  do {                                                                      \
    CUDA_CHECK(cudaGetLastError());                                         \
    CUDA_CHECK(cudaDeviceSynchronize());                                    \
  } while (0)
#endif

// cublasGetStatusString only exists in newer toolkits, so keep our own table.
inline const char* cublas_status_name(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS:          return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED:  return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED:     return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE:    return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH:    return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_EXECUTION_FAILED: return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_NOT_SUPPORTED:    return "CUBLAS_STATUS_NOT_SUPPORTED";
    default:                             return "CUBLAS_STATUS_<unknown>";
  }
}

#define CUBLAS_CHECK(call)                                                  \
  do {                                                                      \
    const cublasStatus_t st_ = (call);                                      \
    if (st_ != CUBLAS_STATUS_SUCCESS) {                                     \
      std::fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__,    \
                   #call, cublas_status_name(st_));                         \
      std::exit(EXIT_FAILURE);                                              \
    }                                                                       \
  } while (0)
