# Warnings for project code. Third-party headers come in as SYSTEM includes and
# are not affected.
function(store_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
    -Wno-missing-field-initializers  # designated initialisers leave fields defaulted on purpose
    -Wno-restrict)  # g++ 12 false positive on string concatenation at -O3 (GCC bug 105329)
  if(STORE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
