#!/usr/bin/python3
# Not a test: a map for moving the store onto PostgreSQL. Takes every
# SQL statement the store's C holds as a string constant (each
# src/store/*.c but the two schemas, after the preprocessor, adjacent
# literals joined), rewrites ?N to $N as the driver does, and PREPAREs it
# on a PostgreSQL floor made by pgschema.c; prints the ones PostgreSQL
# refuses, grouped by why. Statements built at run time show as
# fragments (a syntax error at their end).
#
#   python3 tests/pg/prepare_all.py SOCKET_DIR PORT DATABASE ROLE [-v] [-s]
#
# -s first rewrites what has a known PostgreSQL form (SHIM below), so
# that what PostgreSQL refuses next shows: it reports the first error of
# a statement only. -v lists each refused statement.
import collections
import glob
import json
import os
import re
import subprocess
import sys

LIT = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
RUN = re.compile(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+')
SQL = re.compile(r'(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b')


# The PostgreSQL driver's files include libpq-fe.h, which is not on the
# compiler's own path.
LIBPQ_INCLUDE = subprocess.run(["pkg-config", "--cflags-only-I", "libpq"],
                               capture_output=True, text=True,
                               check=True).stdout.strip() or "-I."


def statements(top):
    seen = set()
    for path in sorted(glob.glob(os.path.join(top, "src/store/*.c"))):
        if os.path.basename(path) in ("schema.c", "pgschema.c"):
            continue
        cpp = subprocess.run(["cc", "-E", "-std=c17", "-D_GNU_SOURCE",
                              LIBPQ_INCLUDE,
                              "-I" + os.path.join(top, "include"),
                              "-I" + os.path.join(top, "src/store"), path],
                             capture_output=True, text=True, check=True)
        for m in RUN.finditer(cpp.stdout):
            s = "".join(LIT.findall(m.group(0)))
            s = s.encode("utf-8").decode("unicode_escape")
            s = s.encode("latin-1").decode("utf-8").strip()
            if SQL.match(s) and len(s) > 20 and s not in seen:
                seen.add(s)
                yield os.path.basename(path), s


FLAGS = (r"(?:active|is_won|is_lost|contact|called|contacted|customer|dnc"
         r"|opt_in)")
# Rewrites with a known PostgreSQL form, for -s only: a guess at stage
# 2's text, to see past each statement's first error.
SHIM = [
    (r"\s(?:INDEXED BY \w+|NOT INDEXED)", ""),
    (r"CROSS JOIN (\w+ \w+) ON", r"JOIN \1 ON"),
    (r"INSERT OR IGNORE", "INSERT"),
    (r"INSERT OR REPLACE", "INSERT"),
    (r"\bchar\(", "chr("),
    (r"\bIS NOT (\?\d*)", r"IS DISTINCT FROM \1"),
    (r"\bIS (\?\d*)", r"IS NOT DISTINCT FROM \1"),
    (r"\bGLOB\b", "LIKE"),
    (r"COLLATE NOCASE", ""),
    (r"\bgroup_concat\(", "string_agg("),
    (r"\btotal\(", "sum("),
    (r"((?:WHERE|AND|OR|NOT|WHEN|\()\s*)((?:\w+\.)?" + FLAGS +
     r")\b(?!\.|\s*(?:=|<>|IS|IN|,|\)\s*(?:=|<>)))", r"\1(\2 <> 0)"),
]


def shim(sql):
    for a, b in SHIM:
        sql = re.sub(a, b, sql)
    return sql


def dollars(sql):
    n = [0]

    def one(m):
        if m.group(1):
            return "$" + m.group(1)
        n[0] += 1
        return "$%d" % n[0]
    return re.sub(r"\?(\d*)", one, sql)


def main():
    host, port, db, role = sys.argv[1:5]
    verbose = "-v" in sys.argv[5:]
    shimmed = "-s" in sys.argv[5:]
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
    why = collections.defaultdict(list)
    total = 0
    for name, sql in statements(top):
        total += 1
        p = subprocess.run(["psql", "-X", "-q", "-h", host, "-p", port,
                            "-U", role, "-d", db, "-v", "VERBOSITY=terse",
                            "-c", "PREPARE p AS " + dollars(shim(sql) if shimmed
                                                         else sql)],
                           capture_output=True, text=True)
        err = p.stderr.strip().splitlines()
        if not err:
            continue
        e = re.sub(r" at character \d+", "", err[0])
        e = re.sub(r"\$\d+", "$N", e)
        why[e].append((name, sql))
    refused = sum(len(v) for v in why.values())
    print("%d statements, %d prepared, %d refused" % (total, total - refused,
                                                      refused))
    for e, rows in sorted(why.items(), key=lambda kv: -len(kv[1])):
        files = collections.Counter(f for f, _ in rows)
        print("%4d  %s\n      %s" % (len(rows), e, " ".join(
            "%s(%d)" % kv for kv in sorted(files.items()))))
        if verbose:
            for f, s in rows:
                print("        %s: %s" % (f, s[:200]))


main()
