# store_add_patched_grader(<grader-name> <patch>)
# A copy of solutions/ with <patch> applied (patch -p1, in the build tree),
# built into the grader store-grade-<grader-name>. The known-bug suite
# (grader/known_bugs) and the known-good variants (grader/known_good) are
# both made of these.
#
# Only the folders of solutions/ that the patch touches (raft/, kv/,
# quorum/) are compiled for the copy; the others are the reference's own,
# compiled once for every copy (store_solution_part_<folder>). That is sound
# because no folder includes another's headers (checked below): the
# folders meet only through the factories of common/node/.
find_program(STORE_PATCH patch REQUIRED)
file(GLOB_RECURSE store_solution_files CONFIGURE_DEPENDS RELATIVE "${CMAKE_SOURCE_DIR}/solutions"
     "${CMAKE_SOURCE_DIR}/solutions/*")

file(GLOB store_solution_parts LIST_DIRECTORIES true RELATIVE "${CMAKE_SOURCE_DIR}/solutions"
     "${CMAKE_SOURCE_DIR}/solutions/*")
list(FILTER store_solution_parts EXCLUDE REGEX "\\.")
foreach(part IN LISTS store_solution_parts)
  file(GLOB_RECURSE part_files CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/solutions/${part}/*")
  foreach(file IN LISTS part_files)
    file(STRINGS "${file}" includes REGEX "^#include \"[a-z_]+/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^#include \"([a-z_]+)/.*" "\\1" included "${line}")
      if(NOT included STREQUAL part AND included IN_LIST store_solution_parts)
        message(FATAL_ERROR "${file} includes a header of solutions/${included}/: the patched graders build each "
                            "folder of solutions/ on its own (grader/patched_solutions.cmake)")
      endif()
    endforeach()
  endforeach()
  list(FILTER part_files INCLUDE REGEX "\\.cpp$")
  add_library(store_solution_part_${part} STATIC ${part_files})
  # Private: a copy's own headers must be the only ones its files can find.
  target_include_directories(store_solution_part_${part} PRIVATE "${CMAKE_SOURCE_DIR}/solutions")
  target_link_libraries(store_solution_part_${part} PUBLIC store_core)
  target_compile_options(store_solution_part_${part} PRIVATE ${STORE_IMPL_COMPILE_OPTIONS})
  set_target_properties(store_solution_part_${part} PROPERTIES UNITY_BUILD ON)
endforeach()

function(store_add_patched_grader grader_name patch)
  if(NOT EXISTS "${patch}")
    message(FATAL_ERROR "the patch ${patch} does not exist")
  endif()
  # The folders the patch changes, from its "+++ b/solutions/<folder>/..." lines.
  file(STRINGS "${patch}" targets REGEX "^\\+\\+\\+ ")
  set(patched_parts "")
  foreach(line IN LISTS targets)
    if(NOT line MATCHES "^\\+\\+\\+ b/solutions/([a-z_]+)/")
      message(FATAL_ERROR "${patch}: '${line}' is not a file in a folder of solutions/ (want +++ b/solutions/...)")
    endif()
    list(APPEND patched_parts "${CMAKE_MATCH_1}")
  endforeach()
  if(NOT patched_parts)
    message(FATAL_ERROR "${patch} changes no file")
  endif()
  set(copy "${CMAKE_CURRENT_BINARY_DIR}/${grader_name}")
  file(MAKE_DIRECTORY "${copy}")
  set(outputs "")
  set(sources "")
  set(originals "")
  foreach(file IN LISTS store_solution_files)
    list(APPEND outputs "${copy}/solutions/${file}")
    list(APPEND originals "${CMAKE_SOURCE_DIR}/solutions/${file}")
    string(REGEX REPLACE "/.*" "" part "${file}")
    if(file MATCHES "\\.cpp$" AND part IN_LIST patched_parts)
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
  foreach(part IN LISTS store_solution_parts)
    if(NOT part IN_LIST patched_parts)
      target_link_libraries(store_impl_${impl} PUBLIC store_solution_part_${part})
    endif()
  endforeach()
  store_add_grader(${grader_name} store_impl_${impl})
endfunction()
