# CMake functions that make a new stage, test or fuzz harness one folder plus
# one line:
#   telex_add_stage(NAME SOURCES ... [LIBS ...])   -> binary telex-NAME
#   telex_add_unit_test(NAME SOURCES ... [LIBS ...]) -> Criterion binary, ctest "unit.NAME"
#   telex_add_fuzz(NAME SOURCES ... [LIBS ...])    -> corpus replay in ctest; libFuzzer with TELEX_FUZZ
#   telex_add_subdirectories()                     -> add every child folder with a CMakeLists.txt

# Reports that fail a test even when the test runner exits 0 (Criterion runs
# tests in forked workers, so a sanitizer report can otherwise be lost).
set(TELEX_SANITIZER_FAIL_REGEX "ERROR: AddressSanitizer;runtime error:;ERROR: LeakSanitizer")

macro(telex_add_subdirectories)
  file(GLOB _telex_children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
       ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT _telex_children)
  foreach(_child IN LISTS _telex_children)
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${_child}
       AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_child}/CMakeLists.txt)
      add_subdirectory(${_child})
    endif()
  endforeach()
endmacro()

function(telex_add_stage name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(telex-${name} ${ARG_SOURCES})
  target_link_libraries(telex-${name} PRIVATE telex ${ARG_LIBS})
  install(TARGETS telex-${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()

function(telex_add_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(test-${name} ${ARG_SOURCES})
  target_link_libraries(test-${name} PRIVATE PkgConfig::CRITERION ${ARG_LIBS})
  add_test(NAME unit.${name} COMMAND test-${name} --jobs 2)
  set_tests_properties(unit.${name} PROPERTIES
    FAIL_REGULAR_EXPRESSION "${TELEX_SANITIZER_FAIL_REGEX}"
    ENVIRONMENT "TELEX_SOURCE_DIR=${TELEX_SOURCE_DIR};TELEX_SCHEMA_DIR=${TELEX_SOURCE_DIR}/schemas")
endfunction()

function(telex_add_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(fuzz-${name}-replay ${ARG_SOURCES} ${TELEX_SOURCE_DIR}/tests/fuzz/replay_main.c)
  target_link_libraries(fuzz-${name}-replay PRIVATE ${ARG_LIBS})
  add_test(NAME fuzz.${name} COMMAND fuzz-${name}-replay ${CMAKE_CURRENT_SOURCE_DIR}/corpus)
  set_tests_properties(fuzz.${name} PROPERTIES
    FAIL_REGULAR_EXPRESSION "${TELEX_SANITIZER_FAIL_REGEX}"
    ENVIRONMENT "TELEX_SOURCE_DIR=${TELEX_SOURCE_DIR};TELEX_SCHEMA_DIR=${TELEX_SOURCE_DIR}/schemas")
  if(TELEX_FUZZ AND CMAKE_C_COMPILER_ID STREQUAL "Clang")
    add_executable(fuzz-${name} ${ARG_SOURCES})
    target_compile_options(fuzz-${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(fuzz-${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_libraries(fuzz-${name} PRIVATE ${ARG_LIBS})
  endif()
endfunction()
