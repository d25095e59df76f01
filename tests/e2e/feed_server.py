#!/usr/bin/env python3
"""A local HTTP server for the feed tests: fixtures and misbehaviour.

Usage: feed_server.py ROOT LOG PORTFILE

Serves the files of ROOT (which a test may change between runs) on a free
port of 127.0.0.1, written to PORTFILE once listening.  Each request is
logged to LOG as one JSON line.  Paths:

  /f/NAME            ROOT/NAME with ETag and Last-Modified, honouring both
  /etag/NAME         ETag only
  /lastmod/NAME      Last-Modified only
  /plain/NAME        no validators
  /gzip/NAME         gzip Content-Encoding (when the client accepts it)
  /charset/NAME      ROOT/NAME without its XML declaration, labelled
                     windows-1251 in Content-Type only
  /moved             301 -> /moved2, 308 -> /f/rss2.xml
  /temp              302 -> /f/atom.xml
  /loop-a, /loop-b   redirect to each other
  /to-file           302 -> file:///etc/passwd
  /chain/N           302 -> /chain/N-1 ... /chain/0 -> /f/rss2.xml
  /status/CODE       that status (429 and 503 with Retry-After: 3600)
  /stall             says nothing for 30 s
  /endless           a body that never ends
  /unstable          the same three stories under new GUIDs each time
  /page/NAME         ROOT/NAME as text/html (for --full-text)
  /located/HOST/NAME ROOT/NAME with "Content-Location: http://HOST/feeds/NAME"
  /relocated/NAME    ROOT/NAME with a relative "Content-Location: /elsewhere/"
"""
import gzip
import hashlib
import json
import os
import re
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT, LOG, PORTFILE = sys.argv[1], sys.argv[2], sys.argv[3]
NAME = re.compile(r"^[A-Za-z0-9._-]+$")
log_lock = threading.Lock()
unstable_round = [0]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def note(self):
        entry = {
            "path": self.path,
            "t": time.time(),
            "port": self.client_address[1],
            "ua": self.headers.get("User-Agent"),
            "inm": self.headers.get("If-None-Match"),
            "ims": self.headers.get("If-Modified-Since"),
            "ae": self.headers.get("Accept-Encoding"),
        }
        with log_lock, open(LOG, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, code, to):
        self.send(code, b"", [("Location", to)])

    def file(self, name):
        if not NAME.match(name):
            return None
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            return f.read(), os.stat(path).st_mtime

    def serve_file(self, name, etag=True, lastmod=True, ctype="application/rss+xml"):
        got = self.file(name)
        if got is None:
            return self.send(404, b"no such fixture\n")
        body, mtime = got
        tag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        modified = formatdate(int(mtime), usegmt=True)
        headers = [("Content-Type", ctype)]
        if etag:
            headers.append(("ETag", tag))
        if lastmod:
            headers.append(("Last-Modified", modified))
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        # RFC 9110: If-None-Match wins when both are sent.
        if etag and inm is not None:
            if inm == tag:
                return self.send(304, b"", headers[1:])
        elif lastmod and ims is not None:
            try:
                if int(mtime) <= parsedate_to_datetime(ims).timestamp():
                    return self.send(304, b"", headers[1:])
            except (TypeError, ValueError):
                pass
        return self.send(200, body, headers)

    def do_GET(self):
        self.note()
        p = self.path
        m = re.match(r"^/(located/([a-z0-9.-]+)|relocated)/([A-Za-z0-9._-]+)$", p)
        if m:
            got = self.file(m.group(3))
            if got is None:
                return self.send(404)
            where = ("http://%s/feeds/%s" % (m.group(2), m.group(3))
                     if m.group(2) else "/elsewhere/")
            return self.send(200, got[0], [("Content-Type", "application/rss+xml"),
                                           ("Content-Location", where)])
        m = re.match(r"^/(f|etag|lastmod|plain|gzip|charset|page)/(.+)$", p)
        if m:
            kind, name = m.groups()
            if kind == "f":
                return self.serve_file(name)
            if kind == "etag":
                return self.serve_file(name, lastmod=False)
            if kind == "lastmod":
                return self.serve_file(name, etag=False)
            if kind == "plain":
                return self.serve_file(name, etag=False, lastmod=False)
            if kind == "page":
                return self.serve_file(name, etag=False, lastmod=False,
                                       ctype="text/html; charset=utf-8")
            got = self.file(name)
            if got is None:
                return self.send(404)
            body = got[0]
            if kind == "gzip":
                if "gzip" not in (self.headers.get("Accept-Encoding") or ""):
                    return self.send(406, b"gzip only\n")
                return self.send(200, gzip.compress(body),
                                 [("Content-Type", "application/rss+xml"),
                                  ("Content-Encoding", "gzip")])
            body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", body)
            return self.send(200, body, [("Content-Type",
                                          "application/rss+xml; charset=windows-1251")])
        if p == "/moved":
            return self.redirect(301, "/moved2")
        if p == "/moved2":
            return self.redirect(308, "/f/rss2.xml")
        if p == "/temp":
            return self.redirect(302, "/f/atom.xml")
        if p == "/to-file":
            return self.redirect(302, "file:///etc/passwd")
        if p == "/loop-a":
            return self.redirect(302, "/loop-b")
        if p == "/loop-b":
            return self.redirect(302, "/loop-a")
        m = re.match(r"^/chain/(\d+)$", p)
        if m:
            n = int(m.group(1))
            return self.redirect(302, "/chain/%d" % (n - 1) if n > 0 else "/f/rss2.xml")
        m = re.match(r"^/status/(\d{3})$", p)
        if m:
            code = int(m.group(1))
            headers = [("Retry-After", "3600")] if code in (429, 503) else []
            return self.send(code, b"status fixture\n", headers)
        if p == "/stall":
            time.sleep(30)
            return self.send(200, b"")
        if p == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<!-- " + b"x" * 65000 + b" -->\n"
            try:
                for _ in range(100000):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if p == "/unstable":
            unstable_round[0] += 1
            r = unstable_round[0]
            items = "".join(
                "<item><title>Unstable story %d</title>"
                "<link>https://example.org/unstable/%d</link>"
                "<guid isPermaLink=\"false\">round-%d-story-%d</guid>"
                "<description>Story %d of a feed whose GUIDs change on "
                "every fetch, while its links stay.</description></item>"
                % (i, i, r, i, i) for i in (1, 2, 3))
            body = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                    "<title>Unstable GUIDs</title>%s</channel></rss>" % items)
            return self.send(200, body.encode(), [("Content-Type", "application/rss+xml")])
        return self.send(404, b"unknown path\n")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, PORTFILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
