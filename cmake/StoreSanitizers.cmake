# Sanitizers apply to every target in the build so that the instrumented and
# uninstrumented code never mix.
if(STORE_SANITIZE)
  list(JOIN STORE_SANITIZE "," _store_san)
  add_compile_options(-fsanitize=${_store_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_store_san})
  add_compile_definitions(STORE_SANITIZED=1)
endif()
