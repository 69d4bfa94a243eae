# cmake -DOUT=file.cpp -DCSS=timeline.css -DJS=timeline.js -P embed_assets.cmake
# Writes the two files into a C++ source as raw string literals.
file(READ "${CSS}" css)
file(READ "${JS}" js)
string(FIND "${css}" ")STOREVIEW" clash_css)
string(FIND "${js}" ")STOREVIEW" clash_js)
if(NOT clash_css EQUAL -1 OR NOT clash_js EQUAL -1)
  message(FATAL_ERROR "an embedded page file contains the raw-string delimiter )STOREVIEW")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${CSS} and ${JS} by embed_assets.cmake; do not edit.\n"
     "#include \"view/page_assets.h\"\n\nnamespace store::view {\n\n"
     "const char kTimelineCss[] = R\"STOREVIEW(${css})STOREVIEW\";\n\n"
     "const char kTimelineJs[] = R\"STOREVIEW(${js})STOREVIEW\";\n\n}  // namespace store::view\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
