// store-grade-<impl>: the grader binary. Which implementation it grades is
// fixed when it is built (STORE_IMPL_NAME); the scenarios it runs are those
// linked into it, registered by STORE_SCENARIO.
#include "framework/grader_main.h"

#ifndef STORE_IMPL_NAME
#error "STORE_IMPL_NAME must name the implementation this grader is built with"
#endif

#ifdef STORE_IMPL_SOURCES_HASHED
// From the generated file (hash_sources.cmake): the hash of the sources this binary was built from.
extern const char* const store_impl_sources_hash;
#endif

int main(int argc, char** argv) {
#ifdef STORE_IMPL_SOURCES_HASHED
  return store::grader::grader_main(argc, argv, STORE_IMPL_NAME, store_impl_sources_hash);
#else
  return store::grader::grader_main(argc, argv, STORE_IMPL_NAME);
#endif
}
