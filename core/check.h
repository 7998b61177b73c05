#pragma once
// STSMC_CHECK: an assertion for programming errors (never for bad input, which travels as
// Expected<T>). It stays on in release builds: a model checker that silently continues after a
// broken invariant reports nonsense.
#include <cstdio>
#include <cstdlib>

#define STSMC_CHECK(cond)                                                              \
  do {                                                                                 \
    if (!(cond)) {                                                                     \
      std::fprintf(stderr, "%s:%d: internal error: check failed: %s\n", __FILE__,     \
                   __LINE__, #cond);                                                   \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)
