// store-grade-<impl>: the grader binary. Which implementation it grades is
// fixed when it is built (STORE_IMPL_NAME); the scenarios it runs are those
// linked into it, registered by STORE_SCENARIO.
#include "framework/grader_main.h"

#ifndef STORE_IMPL_NAME
#error "STORE_IMPL_NAME must name the implementation this grader is built with"
#endif

int main(int argc, char** argv) { return store::grader::grader_main(argc, argv, STORE_IMPL_NAME); }
