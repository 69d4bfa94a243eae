# store_add_patched_grader(<grader-name> <patch>)
# A copy of solutions/ with <patch> applied (patch -p1, in the build tree),
# built as one translation unit into the grader store-grade-<grader-name>.
# The known-bug suite (grader/known_bugs) and the known-good variants
# (grader/known_good) are both made of these.
find_program(STORE_PATCH patch REQUIRED)
file(GLOB_RECURSE store_solution_files CONFIGURE_DEPENDS RELATIVE "${CMAKE_SOURCE_DIR}/solutions"
     "${CMAKE_SOURCE_DIR}/solutions/*")

function(store_add_patched_grader grader_name patch)
  if(NOT EXISTS "${patch}")
    message(FATAL_ERROR "the patch ${patch} does not exist")
  endif()
  set(copy "${CMAKE_CURRENT_BINARY_DIR}/${grader_name}")
  file(MAKE_DIRECTORY "${copy}")
  set(outputs "")
  set(sources "")
  set(originals "")
  foreach(file IN LISTS store_solution_files)
    list(APPEND outputs "${copy}/solutions/${file}")
    list(APPEND originals "${CMAKE_SOURCE_DIR}/solutions/${file}")
    if(file MATCHES "\\.cpp$")
      list(APPEND sources "${copy}/solutions/${file}")
    endif()
  endforeach()
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${CMAKE_COMMAND}" -E rm -rf "${copy}/solutions"
    COMMAND "${CMAKE_COMMAND}" -E copy_directory "${CMAKE_SOURCE_DIR}/solutions" "${copy}/solutions"
    COMMAND "${STORE_PATCH}" --batch --forward --quiet -p1 -i "${patch}"
    WORKING_DIRECTORY "${copy}"
    DEPENDS "${patch}" ${originals}
    COMMENT "Applying ${patch} to a copy of solutions/"
    VERBATIM)
  string(REPLACE "-" "_" impl "${grader_name}")
  store_add_impl(${impl} "${copy}/solutions" SOURCES ${sources})
  # One translation unit per copy keeps the suites' build time small.
  set_target_properties(store_impl_${impl} PROPERTIES UNITY_BUILD ON)
  store_add_grader(${grader_name} store_impl_${impl})
endfunction()
