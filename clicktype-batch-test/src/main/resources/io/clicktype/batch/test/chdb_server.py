"""Hosts ClickHouse from chDB's libchdb.so as a server: the clicktype-batch test harness's chdb route.

Usage: python3 chdb_server.py LIBCHDB_SO CLICKHOUSE_LOCAL_ARGUMENT...

Calls chdb_query_cmdline(argc, argv), i.e. clickhouse-local's main with these arguments. With
"SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; <a blocking query>" the server's own HTTP and native
listeners serve until this process ends (SIGTERM or SIGKILL). Exits 1 with the engine's error text when
the call returns an error.
"""
import ctypes
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    lib = ctypes.CDLL(sys.argv[1])
    lib.chdb_query_cmdline.restype = ctypes.c_void_p
    lib.chdb_query_cmdline.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.chdb_result_error.restype = ctypes.c_char_p
    lib.chdb_result_error.argtypes = [ctypes.c_void_p]
    args = [b"clickhouse"] + [arg.encode() for arg in sys.argv[2:]]
    argv = (ctypes.c_char_p * len(args))(*args)
    result = lib.chdb_query_cmdline(len(args), argv)
    error = lib.chdb_result_error(result) if result else b"chdb_query_cmdline returned no result"
    if error:
        sys.stderr.write(error.decode(errors="replace") + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
