#!/usr/bin/env python3
"""A stand-in telephony provider for callq's tests, on 127.0.0.1.

Answers the three dial requests callq makes (Twilio's Calls API, Asterisk
ARI's channel originate, a webhook) the way the real ones do, records
each request as one JSON line, and misbehaves as told by the first word
of the mode file, read at each request:

  ok      Twilio 201 with a call sid, ARI 200 with a channel, webhook 200
  401     the provider's authentication error
  400     the provider's error for a bad request
  500     a server error with a plain-text body
  delay   holds the answer while the mode file says delay (at most 300
          seconds), then answers as the mode then says: a test releases
          it when it is ready, never after a guessed delay
  drop    closes the connection without answering

usage: fakeprov.py PORT_FILE LOG_FILE MODE_FILE
"""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PORT_FILE, LOG_FILE, MODE_FILE = sys.argv[1:4]

TWILIO_OK = {"sid": "CA0123456789abcdef0123456789abcdef", "status": "queued",
             "direction": "outbound-api"}
TWILIO_401 = {"code": 20003, "message": "Authenticate",
              "more_info": "https://www.twilio.com/docs/errors/20003",
              "status": 401}
TWILIO_400 = {"code": 21211,
              "message": "The 'To' number is not a valid phone number.",
              "more_info": "https://www.twilio.com/docs/errors/21211",
              "status": 400}
ARI_OK = {"id": "1733090000.42", "name": "PJSIP/101-00000001",
          "state": "Down"}
ARI_401 = {"message": "Authentication required"}
ARI_400 = {"message": "Endpoint parameter or channel in endpoint is missing"}
HOOK_OK = {"call_id": "pbx-7781", "status": "ringing"}
HOOK_400 = {"error": "unknown rep"}


def mode():
    try:
        with open(MODE_FILE) as f:
            return (f.read().split() or ["ok"])[0]
    except OSError:
        return "ok"


def answers(path):
    if path.startswith("/2010-04-01/"):
        return (201, TWILIO_OK), (401, TWILIO_401), (400, TWILIO_400)
    if path.startswith("/ari/"):
        return (200, ARI_OK), (401, ARI_401), (400, ARI_400)
    return (200, HOOK_OK), (401, {"error": "bad signature"}), (400, HOOK_400)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        url = urlsplit(self.path)
        m = mode()
        with open(LOG_FILE, "a") as log:
            log.write(json.dumps({
                "method": self.command, "path": url.path,
                "query": parse_qs(url.query),
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body, "mode": m}) + "\n")
        held = time.monotonic()
        while m == "delay" and time.monotonic() - held < 300:
            time.sleep(0.05)
            m = mode()
        if m == "drop":
            self.close_connection = True
            return
        ok, unauthorized, bad = answers(url.path)
        if m == "500":
            self.reply(500, "upstream exploded", "text/plain")
            return
        status, doc = {"401": unauthorized, "400": bad}.get(m, ok)
        self.reply(status, json.dumps(doc), "application/json")

    def reply(self, status, text, ctype):
        data = text.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(PORT_FILE + ".tmp", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
