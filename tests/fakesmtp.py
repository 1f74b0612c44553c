#!/usr/bin/env python3
"""A stand-in mail server for callq's tests, on 127.0.0.1.

Speaks just enough ESMTP (RFC 5321) for libcurl: EHLO/HELO, AUTH PLAIN
and LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Each message accepted is
stored whole in OUT_DIR as NNNN.json: the envelope (from, rcpt), the
login given (user, password), and the data with its dot-stuffing undone
exactly as a real server would, so a test sees what a mail client shows.

A recipient whose address starts with "bounce" is refused with 550, the
way a server refuses an unknown mailbox; the others still go. When
AUTH_FILE names a file holding "user password", mail is taken only after
that login.

usage: fakesmtp.py PORT_FILE OUT_DIR [AUTH_FILE]
"""
import base64
import json
import os
import socketserver
import sys
import threading

PORT_FILE, OUT_DIR = sys.argv[1:3]
AUTH_FILE = sys.argv[3] if len(sys.argv) > 3 else None
lock = threading.Lock()
count = [0]


def wanted_login():
    if not AUTH_FILE:
        return None
    with open(AUTH_FILE) as f:
        user, password = f.read().split()
    return user, password


def store(message):
    with lock:
        count[0] += 1
        path = os.path.join(OUT_DIR, "%04d.json" % count[0])
    with open(path + ".tmp", "w") as f:
        json.dump(message, f)
    os.rename(path + ".tmp", path)


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def line(self):
        raw = self.rfile.readline(65536)
        if not raw:
            raise EOFError
        return raw.decode("utf-8", "replace").rstrip("\r\n")

    def data(self):
        lines = []
        while True:
            raw = self.rfile.readline(1 << 20)
            if not raw:
                raise EOFError
            if raw == b".\r\n":
                break
            if raw.startswith(b"."):
                raw = raw[1:]   # RFC 5321 4.5.2: the sender doubled it
            lines.append(raw)
        return b"".join(lines)

    def auth(self, args):
        words = args.split()
        if words[0].upper() == "PLAIN":
            blob = words[1] if len(words) > 1 else None
            if blob is None:
                self.say("334 ")
                blob = self.line()
            _, user, password = base64.b64decode(blob).decode().split("\0")
        else:
            self.say("334 " + base64.b64encode(b"Username:").decode())
            user = base64.b64decode(self.line()).decode()
            self.say("334 " + base64.b64encode(b"Password:").decode())
            password = base64.b64decode(self.line()).decode()
        self.login = (user, password)
        if wanted_login() not in (None, self.login):
            self.login = None
            self.say("535 5.7.8 Authentication credentials invalid")
        else:
            self.say("235 2.7.0 Authentication successful")

    def handle(self):
        self.login = None
        sender, rcpt = None, []
        self.say("220 fakesmtp ESMTP ready")
        try:
            while True:
                text = self.line()
                verb, _, args = text.partition(" ")
                verb = verb.upper()
                if verb == "EHLO":
                    self.say("250-fakesmtp")
                    self.say("250-8BITMIME")
                    self.say("250 AUTH PLAIN LOGIN")
                elif verb == "HELO":
                    self.say("250 fakesmtp")
                elif verb == "AUTH":
                    self.auth(args)
                elif verb == "MAIL":
                    if wanted_login() is not None and self.login is None:
                        self.say("530 5.7.0 Authentication required")
                        continue
                    sender, rcpt = args.split(":", 1)[1].strip(), []
                    self.say("250 OK")
                elif verb == "RCPT":
                    addr = args.split(":", 1)[1].strip()
                    if addr.strip("<>").startswith("bounce"):
                        self.say("550 5.1.1 No such mailbox")
                    else:
                        rcpt.append(addr)
                        self.say("250 OK")
                elif verb == "DATA":
                    if not rcpt:
                        self.say("554 No valid recipients")
                        continue
                    self.say("354 End data with <CR><LF>.<CR><LF>")
                    body = self.data()
                    store({"from": sender, "rcpt": rcpt,
                           "login": self.login,
                           "data": body.decode("utf-8", "replace")})
                    self.say("250 OK queued")
                    sender, rcpt = None, []
                elif verb == "RSET":
                    sender, rcpt = None, []
                    self.say("250 OK")
                elif verb == "NOOP":
                    self.say("250 OK")
                elif verb == "QUIT":
                    self.say("221 Bye")
                    return
                else:
                    self.say("502 Command not implemented")
        except (EOFError, ConnectionResetError, BrokenPipeError):
            return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(("127.0.0.1", 0), Session)
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(PORT_FILE + ".tmp", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
