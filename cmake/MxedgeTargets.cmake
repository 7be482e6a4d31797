# Helpers that give every library, test, benchmark and fuzz target the same shape.

# Adds every direct child directory of DIR that has a CMakeLists.txt, in name order, so a new
# library or service needs no edit elsewhere.
function(mxedge_add_subdirectories dir)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/${dir}
       ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/${child}/CMakeLists.txt)
      add_subdirectory(${dir}/${child})
    endif()
  endforeach()
endfunction()

# mxedge_add_library(<name> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# A static library `mxedge_<name>` (alias mxedge::<name>) with public headers in include/.
function(mxedge_add_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(mxedge_${name} STATIC ${A_SOURCES})
  add_library(mxedge::${name} ALIAS mxedge_${name})
  target_include_directories(mxedge_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(mxedge_${name} PUBLIC ${A_DEPS} PRIVATE ${A_PRIVATE_DEPS})
endfunction()

# mxedge_add_test(<name> LABEL unit|integration|e2e SOURCES ... [DEPS ...] [INCLUDES ...]
#                 [TIMEOUT s])
# A GoogleTest binary whose tests are discovered when ctest runs (not at build time). INCLUDES are
# private include directories (e.g. a library's src/ for tests of its internals).
function(mxedge_add_test name)
  cmake_parse_arguments(A "" "LABEL;TIMEOUT" "SOURCES;DEPS;INCLUDES" ${ARGN})
  if(NOT MXEDGE_BUILD_TESTS)
    return()
  endif()
  if(NOT A_LABEL)
    set(A_LABEL unit)
  endif()
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 120)
  endif()
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${A_INCLUDES})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
                       PROPERTIES LABELS ${A_LABEL} TIMEOUT ${A_TIMEOUT})
endfunction()

# mxedge_add_benchmark(<name> SOURCES ... [DEPS ...])
function(mxedge_add_benchmark name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_DEPS} benchmark::benchmark)
endfunction()

# mxedge_add_fuzzer(<name> SOURCES ... [DEPS ...] CORPUS <dir>)
# With MXEDGE_FUZZ (clang): a libFuzzer binary. Otherwise: `<name>_replay`, which runs the target
# over every file of its corpus and is registered as a unit test.
function(mxedge_add_fuzzer name)
  cmake_parse_arguments(A "" "CORPUS" "SOURCES;DEPS" ${ARGN})
  if(MXEDGE_FUZZ)
    add_executable(${name} ${A_SOURCES})
    target_link_libraries(${name} PRIVATE ${A_DEPS})
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  elseif(MXEDGE_BUILD_TESTS)
    add_executable(${name}_replay ${A_SOURCES} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cpp)
    target_link_libraries(${name}_replay PRIVATE ${A_DEPS})
    add_test(NAME ${name}_replay COMMAND ${name}_replay ${A_CORPUS})
    set_tests_properties(${name}_replay PROPERTIES LABELS unit TIMEOUT 120)
  endif()
endfunction()
