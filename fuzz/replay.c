/* A main for fuzz targets outside libFuzzer: runs the target once on every
 * file named on the command line (directories are read one level deep), so
 * regression inputs replay in an ordinary (gcc, release or sanitizer) build.
 * Exits 0 when every input ran; a crash or sanitizer report fails the test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: %s: cannot open\n", path);
    return -1;
  }
  size_t cap = 1 << 16, n = 0;
  unsigned char *buf = malloc(cap);
  while (buf) {
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (n < cap)
      break;
    unsigned char *p = realloc(buf, cap * 2);
    if (!p) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = p;
    cap *= 2;
  }
  fclose(f);
  if (!buf) {
    fprintf(stderr, "replay: %s: out of memory\n", path);
    return -1;
  }
  LLVMFuzzerTestOneInput(buf, n);
  free(buf);
  return 0;
}

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv) {
  size_t runs = 0;
  int failed = 0;
  for (int i = 1; i < argc; i++) {
    if (!is_dir(argv[i])) {
      failed |= run_file(argv[i]) < 0;
      runs++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    if (!d) {
      fprintf(stderr, "replay: %s: cannot open\n", argv[i]);
      failed = 1;
      continue;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
      if (e->d_name[0] == '.')
        continue;
      size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
      char *path = malloc(len);
      if (!path) {
        failed = 1;
        break;
      }
      snprintf(path, len, "%s/%s", argv[i], e->d_name);
      if (!is_dir(path)) {
        failed |= run_file(path) < 0;
        runs++;
      }
      free(path);
    }
    closedir(d);
  }
  printf("replay: %zu inputs\n", runs);
  return failed;
}
