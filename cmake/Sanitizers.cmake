# Sanitizer and fuzzing builds: flags for every target of the configuration,
# generated proto code included, so that the code under test is instrumented
# wherever it runs. Debian's libraries (gRPC, protobuf, Abseil) stay as
# built; the runtime checks what our code does with them.
#
#   -DCC_SANITIZE=address,undefined   tests/run --sanitize (build-asan)
#   -DCC_FUZZ=ON (clang)              tests/run --fuzz (build-fuzz): tests/fuzz
#
# Any finding stops the process (no recovery), so a test that trips one fails.

set(CC_SANITIZE "" CACHE STRING
    "Comma-separated -fsanitize= list for every target, e.g. address,undefined")
option(CC_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(CC_SANITIZE)
  add_compile_options(-fsanitize=${CC_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g1)
  add_link_options(-fsanitize=${CC_SANITIZE})
endif()

if(CC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage feedback from all of our code; only the fuzzers link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
