"""Finding libpith and declaring the C functions the package calls.

The library is looked for, in this order:
  1. the path in the environment variable PITH_LIBRARY;
  2. libpith.so.0 or libpith.so beside this package (a copy placed there);
  3. the system's library path: ctypes.util.find_library("pith"), then
     libpith.so.0 as the dynamic loader finds it (after `cmake --install`
     and `ldconfig`).
"""

import ctypes
import ctypes.util
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def _candidates():
    env = os.environ.get("PITH_LIBRARY")
    if env:
        yield "PITH_LIBRARY=" + env, env
    for name in ("libpith.so.0", "libpith.so"):
        path = os.path.join(_HERE, name)
        yield path, path
    found = ctypes.util.find_library("pith")
    if found:
        yield "find_library('pith') -> " + found, found
    else:
        yield "find_library('pith') (nothing found)", None
    yield "libpith.so.0 on the loader's path", "libpith.so.0"


def load():
    """Returns the loaded library; ImportError names every place tried."""
    tried = []
    for label, path in _candidates():
        if path is None:
            tried.append(label)
            continue
        if os.sep in path and not os.path.exists(path):
            tried.append(label + " (no such file)")
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (label, e))
            continue
        _declare(lib)
        return lib
    raise ImportError(
        "pith: cannot load the shared library libpith; tried:\n  " +
        "\n  ".join(tried) +
        "\nSet PITH_LIBRARY to the path of libpith.so (e.g. "
        "build/libpith.so), or install it with `cmake --install build` "
        "and run ldconfig.")


# Layout of struct pith_options (include/pith.h). Fields are only ever
# appended there, so the known ones keep their offsets; the structure is
# laid over a larger zeroed buffer that pith_options_init() fills, so
# fields added after these are initialised too.
class Options(ctypes.Structure):
    _fields_ = [
        ("url", ctypes.c_char_p),
        ("content_type", ctypes.c_char_p),
        ("max_input_bytes", ctypes.c_size_t),
        ("max_nodes", ctypes.c_size_t),
        ("max_depth", ctypes.c_size_t),
        ("max_output_bytes", ctypes.c_size_t),
        ("max_millis", ctypes.c_ulong),
        ("mode", ctypes.c_int),
        ("explain", ctypes.c_int),
        ("disabled_rules", ctypes.c_char_p),
        ("target_language", ctypes.c_char_p),
        ("images", ctypes.c_int),
        ("no_links", ctypes.c_int),
        ("no_tables", ctypes.c_int),
    ]


OPTIONS_BUFFER_BYTES = 4096


def _declare(lib):
    P = ctypes.c_void_p
    S = ctypes.c_size_t
    I = ctypes.c_int
    C = ctypes.c_char_p
    protos = {
        "pith_version": (C, []),
        "pith_status_kind": (C, [I]),
        "pith_strerror": (C, [I]),
        "pith_options_init": (None, [P]),
        "pith_extract": (I, [C, S, P, ctypes.POINTER(P)]),
        "pith_clean_text": (I, [C, S, P, ctypes.POINTER(P)]),
        "pith_result_free": (None, [P]),
        "pith_result_status": (I, [P]),
        # strings are read as raw pointers and decoded here: c_char_p would
        # stop at nothing wrong, but raw pointers let string_at() take the
        # bytes once
        "pith_result_json": (P, [P]),
        "pith_result_text": (P, [P]),
        "pith_result_message": (P, [P]),
        "pith_result_warning_count": (S, [P]),
        "pith_result_warning": (P, [P, S]),
        "pith_result_line_count": (S, [P]),
        "pith_result_line_text": (P, [P, S]),
        "pith_result_line_kept": (I, [P, S]),
        "pith_result_line_rule": (P, [P, S]),
        "pith_result_line_number": (S, [P, S]),
        "pith_rule_name": (C, [S]),
    }
    for name, (res, args) in protos.items():
        fn = getattr(lib, name)
        fn.restype = res
        fn.argtypes = args
