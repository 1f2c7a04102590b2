#!/usr/bin/env python3
"""The installed tree is usable from any prefix.

usage: install_test.py BUILD_DIR

Installs BUILD_DIR with `cmake --install --prefix` into a temporary folder,
moves that folder elsewhere (the packages must not remember where they were
installed), then builds and runs a five-line C program twice: with
`pkg-config --cflags --libs pith` alone, and as a CMake project with
find_package(pith) and pith::pith (and pith::pith_static). Installed man
pages must render with `man -l`."""
import glob, os, re, shutil, subprocess, sys, tempfile

DEMO = r'''#include <pith.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  const char *html = "<html><body><article><p>One paragraph.</p></article></body></html>";
  pith_result *r = NULL;
  pith_status st = pith_extract(html, strlen(html), NULL, &r);
  printf("pith %s: %s\n", pith_version(), pith_strerror(st));
  pith_result_free(r);
  return st == PITH_OK || st == PITH_NO_ARTICLE ? 0 : 1;
}
'''

CMAKE_PROJECT = '''cmake_minimum_required(VERSION 3.16)
project(demo C)
find_package(pith REQUIRED)
add_executable(demo demo.c)
target_link_libraries(demo PRIVATE pith::pith)
add_executable(demo_static demo.c)
target_link_libraries(demo_static PRIVATE pith::pith_static)
'''

failures = []


def run(args, **kw):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    return p.returncode, p.stdout.decode(errors='replace')


def check(what, ok, detail=''):
    print(('ok    ' if ok else 'FAIL  ') + what)
    if not ok:
        failures.append(what)
        if detail:
            print('      ' + detail.strip().replace('\n', '\n      ')[-2000:])


def sanitizer_flags(build):
    """The sanitizer build's libraries need the consumer linked with the
    same runtime."""
    try:
        cache = open(os.path.join(build, 'CMakeCache.txt')).read()
    except OSError:
        return ''
    return '-fsanitize=address,undefined' if 'PITH_SANITIZE:BOOL=ON' in cache else ''


def main():
    build = os.path.abspath(sys.argv[1])
    extra = sanitizer_flags(build)
    with tempfile.TemporaryDirectory(prefix='pith-install-') as tmp:
        first = os.path.join(tmp, 'first')
        rc, out = run(['cmake', '--install', build, '--prefix', first])
        check('cmake --install --prefix', rc == 0, out)
        if rc:
            return 1
        prefix = os.path.join(tmp, 'moved', 'prefix')
        os.makedirs(os.path.dirname(prefix))
        shutil.move(first, prefix)

        pcs = glob.glob(os.path.join(prefix, '**', 'pkgconfig', 'pith.pc'), recursive=True)
        check('pith.pc installed', len(pcs) == 1)
        if pcs:
            env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pcs[0]))
            rc, flags = run(['pkg-config', '--cflags', '--libs', 'pith'], env=env)
            check('pkg-config --cflags --libs pith', rc == 0 and prefix in flags, flags)
            src = os.path.join(tmp, 'demo.c')
            open(src, 'w').write(DEMO)
            exe = os.path.join(tmp, 'demo_pc')
            rc, out = run(['sh', '-c', 'cc $2 "$0" $(pkg-config --cflags --libs pith) -o "$1"',
                           src, exe, extra], env=env)
            check('cc demo.c $(pkg-config --cflags --libs pith)', rc == 0, out)
            if rc == 0:
                rc, out = run([exe])
                check('the pkg-config build runs', rc == 0 and out.startswith('pith '), out)

        proj = os.path.join(tmp, 'cmake-demo')
        os.makedirs(proj)
        open(os.path.join(proj, 'demo.c'), 'w').write(DEMO)
        open(os.path.join(proj, 'CMakeLists.txt'), 'w').write(CMAKE_PROJECT)
        b = os.path.join(proj, 'b')
        rc, out = run(['cmake', '-S', proj, '-B', b, '-DCMAKE_PREFIX_PATH=' + prefix,
                       '-DCMAKE_C_FLAGS=' + extra])
        check('find_package(pith)', rc == 0, out)
        if rc == 0:
            rc, out = run(['cmake', '--build', b])
            check('target_link_libraries(... pith::pith)', rc == 0, out)
            for exe in ('demo', 'demo_static'):
                path = os.path.join(b, exe)
                if os.path.exists(path):
                    rc, out = run([path])
                    check('the CMake build (%s) runs' % exe, rc == 0 and out.startswith('pith '), out)

        pages = sorted(glob.glob(os.path.join(prefix, 'share', 'man', 'man1', '*.1')))
        check('pith.1 installed in share/man/man1',
              any(os.path.basename(p) == 'pith.1' for p in pages))
        if pages and not shutil.which('man'):
            check('man is installed to render the man pages', False)
        elif pages:
            for page in pages:
                rc, out = run(['man', '-l', '-Tutf8', page], env=dict(os.environ, MANWIDTH='80'))
                # Bold and underline come as overstrikes (X backspace X).
                out = re.sub('.\b', '', out)
                check('man -l %s' % os.path.basename(page), rc == 0 and 'NAME' in out, out)
    if failures:
        print('%d failed: %s' % (len(failures), ', '.join(failures)))
        return 1
    print('all install checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
