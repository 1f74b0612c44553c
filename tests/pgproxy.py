#!/usr/bin/env python3
"""A Unix socket that forwards every connection to another one.

pgproxy.py LISTEN TARGET: listens at LISTEN (mode 0777: the directory
holding it decides who may connect) and copies bytes both ways between
each client and a new connection to TARGET. The tests put the floor's
PostgreSQL behind a directory only callq's group may pass, as a floor
would, while the harness's server stays its owner's alone.
"""
import os
import socket
import sys
import threading


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    listen, target = sys.argv[1], sys.argv[2]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(listen)
    os.chmod(listen, 0o777)
    srv.listen(16)
    while True:
        client, _ = srv.accept()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.connect(target)
        except OSError:
            client.close()
            continue
        threading.Thread(target=pump, args=(client, server),
                         daemon=True).start()
        threading.Thread(target=pump, args=(server, client),
                         daemon=True).start()


if __name__ == "__main__":
    main()
