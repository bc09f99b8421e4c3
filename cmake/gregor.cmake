# Helpers shared by every folder: one library per subsystem, one test binary per library.

set(GREGOR_WARNINGS -Wall -Wextra -Wno-missing-field-initializers)

# gregor_library(NAME SOURCES ... DEPS ...): a static library gregor_<NAME> with src/ as include root.
function(gregor_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(gregor_${name} STATIC ${ARG_SOURCES})
  target_include_directories(gregor_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_compile_options(gregor_${name} PRIVATE ${GREGOR_WARNINGS})
  target_link_libraries(gregor_${name} PUBLIC ${ARG_DEPS})
endfunction()

# gregor_test(NAME SOURCES ... DEPS ...): a gtest binary registered with ctest (test names discovered).
function(gregor_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${GREGOR_WARNINGS})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    GREGOR_SHARED_DIR="${GREGOR_SHARED_DIR}"
    GREGOR_BINARY="${CMAKE_BINARY_DIR}/src/gregor/gregor")
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
