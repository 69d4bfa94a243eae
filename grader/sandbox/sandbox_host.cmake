# store_add_sandbox_host: the function that makes a host program, shared by
# the main build (grader/sandbox/CMakeLists.txt) and by the project that
# builds one submission's host against the main build's libraries
# (grader/sandbox/submission/CMakeLists.txt). It needs the target
# store_sandbox_host_base (built or imported) and the variable
# store_host_flags (empty, or -fno-sanitize=all in sanitized builds).
set(STORE_SANDBOX_HOST_MAIN "${CMAKE_CURRENT_LIST_DIR}/host/host_main.cpp")

# store_add_sandbox_host(<impl-name> <impl-dir> [SOURCES <files...>] [OUTPUT_DIR <dir>])
# The host program store-host-<impl-name> in ${CMAKE_BINARY_DIR}/grader/: the
# host's loop and the implementation in <impl-dir> (every .cpp, or SOURCES):
# store_impl_<impl-name> where it exists and may be reused, else a copy
# compiled for the host with the flags store_add_impl gives an implementation.
function(store_add_sandbox_host impl_name dir)
  cmake_parse_arguments(ARG "" "OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${CMAKE_BINARY_DIR}/grader")
  endif()
  string(REPLACE "-" "_" impl_id "${impl_name}")
  set(impl store_impl_${impl_id})
  if(STORE_SANITIZE OR NOT TARGET ${impl})
    set(sources ${ARG_SOURCES})
    if(NOT sources)
      file(GLOB_RECURSE sources CONFIGURE_DEPENDS "${dir}/*.cpp")
    endif()
    set(impl store_host_impl_${impl_id})
    add_library(${impl} STATIC ${sources})
    target_include_directories(${impl} PUBLIC "${dir}")
    target_link_libraries(${impl} PUBLIC store_sandbox_host_base)
    target_compile_options(${impl} PRIVATE ${STORE_IMPL_COMPILE_OPTIONS} ${store_host_flags})
  endif()
  set(target store-host-${impl_name})
  add_executable(${target} "${STORE_SANDBOX_HOST_MAIN}")
  target_link_libraries(${target} PRIVATE store_sandbox_host_base ${impl} store_sandbox_host_base)
  target_compile_options(${target} PRIVATE ${store_host_flags})
  target_link_options(${target} PRIVATE -static ${store_host_flags})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIR}")
  store_warnings(${target})
endfunction()

