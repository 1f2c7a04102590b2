/* The entry point every fuzz target defines (libFuzzer's). In a fuzz build
 * (PITH_FUZZ=ON) libFuzzer's main calls it; in a normal build replay.c's
 * main calls it on files, so the corpus of past findings runs in ctest. */
#ifndef PITH_FUZZ_H
#define PITH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
