# store_add_impl(<name> <dir> [STRICT] [SOURCES <files...>])
# A library of one implementation of the labs: every .cpp under <dir> (or the
# SOURCES given, for generated copies), with <dir> as its include root.
# STRICT (the reference solutions) turns warnings into errors; students'
# labs/ get the warnings without failing their build.
# The warnings an implementation is compiled with (also by the sandbox's
# host programs, grader/sandbox/sandbox_host.cmake).
set(STORE_IMPL_COMPILE_OPTIONS -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers)

function(store_add_impl name dir)
  cmake_parse_arguments(ARG "STRICT" "" "SOURCES" ${ARGN})
  set(sources ${ARG_SOURCES})
  if(NOT sources)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${dir}/*.cpp")
  endif()
  add_library(store_impl_${name} STATIC ${sources})
  target_include_directories(store_impl_${name} PUBLIC "${dir}")
  target_link_libraries(store_impl_${name} PUBLIC store_core)
  target_compile_options(store_impl_${name} PRIVATE ${STORE_IMPL_COMPILE_OPTIONS})
  if(ARG_STRICT AND STORE_WERROR)
    target_compile_options(store_impl_${name} PRIVATE -Werror)
  endif()
endfunction()
