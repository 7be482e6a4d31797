# Compiler flags shared by every target of the suite.
find_program(MXEDGE_CCACHE ccache)
if(MXEDGE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER ${MXEDGE_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${MXEDGE_CCACHE})
endif()

add_compile_options(-Wall -Wextra -Werror -Wno-missing-field-initializers)
# GCC 12 at -O2 reports impossible overlaps (-Wrestrict, "accessing 9223372036854775810 or more
# bytes") inside std::string's inlined memcpy (GCC bug 105329); optimised GCC builds only.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13
   AND NOT CMAKE_BUILD_TYPE STREQUAL "Debug")
  add_compile_options(-Wno-restrict)
endif()
# Debug info paths relative to the source tree, so ccache hits across clones.
add_compile_options(-fdebug-prefix-map=${CMAKE_SOURCE_DIR}=.)

if(MXEDGE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(MXEDGE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MXEDGE_FUZZ needs clang (GCC has no libFuzzer): use ./dev fuzz")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
