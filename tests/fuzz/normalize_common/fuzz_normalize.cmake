# Included by each tests/fuzz/normalize_<format>/CMakeLists.txt with FUZZ_NAME
# and FUZZ_FORMAT set: one harness (fuzz_normalize.c) per parser, its corpus
# replayed by ctest, and a libFuzzer binary with TELEX_FUZZ under clang.
telex_add_fuzz(${FUZZ_NAME} SOURCES ${CMAKE_CURRENT_LIST_DIR}/fuzz_normalize.c
               LIBS normalize_core)
foreach(_target fuzz-${FUZZ_NAME}-replay fuzz-${FUZZ_NAME})
  if(TARGET ${_target})
    target_compile_definitions(${_target} PRIVATE FUZZ_FORMAT="${FUZZ_FORMAT}"
      FUZZ_RULES="${TELEX_SOURCE_DIR}/stages/normalize/rules/boilerplate.rules")
  endif()
endforeach()
