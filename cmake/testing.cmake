# cw_register_tests(NAME [SHARDS]): registers the GoogleTest program NAME with CTest, run from the
# repository root (tests open files under tests/data and data/). With SHARDS > 1 it is registered that
# many times, each running its share of the tests (GoogleTest sharding), so `ctest -j` can balance a
# long program against the others instead of waiting for it at the end. Each run writes its GoogleTest
# XML report to <build>/test-results/, where scripts/slowest-tests reads the timings.
function(cw_register_tests name shards)
  set(report "--gtest_output=xml:${CMAKE_BINARY_DIR}/test-results/")
  if(NOT shards OR shards LESS 2)
    add_test(NAME ${name} COMMAND ${name} "${report}${name}.xml" WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    return()
  endif()
  math(EXPR last "${shards} - 1")
  foreach(i RANGE ${last})
    add_test(NAME ${name}_${i} COMMAND ${name} "${report}${name}_${i}.xml" WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(${name}_${i} PROPERTIES ENVIRONMENT "GTEST_TOTAL_SHARDS=${shards};GTEST_SHARD_INDEX=${i}")
  endforeach()
endfunction()

# cw_add_tests(NAME GLOBS glob... LIBS lib... [SHARDS n]): one GoogleTest executable from the files
# matching the globs, registered with cw_register_tests.
function(cw_add_tests name)
  cmake_parse_arguments(ARG "" "SHARDS" "GLOBS;LIBS" ${ARGN})
  if(NOT CW_TESTS)
    return()
  endif()
  file(GLOB sources CONFIGURE_DEPENDS ${ARG_GLOBS})
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE CW_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  cw_precompile(${name} <gtest/gtest.h>)
  cw_register_tests(${name} "${ARG_SHARDS}")
endfunction()
