#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol, as a user would.

Usage: cdp_drive.py PROFILE_DIR STEP...

Steps, run in order:
  open URL          load URL and wait for it
  type SELECTOR TEXT
                    focus the element, type TEXT with key events, press Enter
                    and wait for the page it leads to
  fill SELECTOR TEXT
                    the same without Enter (a select takes the keys as a
                    person typing an option's name)
  click SELECTOR    click the middle of the element with the mouse and wait
                    for the page it leads to
  dom FILE          write the DOM as it is now to FILE
  style SELECTOR PROPERTY FILE
                    write the computed value of the CSS PROPERTY of the
                    first element SELECTOR matches to FILE ("direction":
                    rtl for a title in Arabic under dir="auto")
  fonts SELECTOR FILE
                    write the fonts Chromium drew the text of the first
                    element SELECTOR matches with, one "family glyphs" a
                    line (a character no font has is drawn as a box)
  shot FILE         write a PNG screenshot to FILE

The page runs no script (its CSP forbids it); the protocol works from
outside the page, through real input events.  Only the Python standard
library: the WebSocket client is the few lines the protocol needs.
"""
import base64
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.request


class WebSocket:
    def __init__(self, url):
        m = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n" % (path, host, port, key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("no WebSocket upgrade: %r" % head[:80])

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            buf += chunk
        return buf

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(n)
            if b0 & 0x0F in (0x1, 0x0):
                message += payload
                if b0 & 0x80:
                    return message.decode()


class Browser:
    def __init__(self, profile):
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--remote-debugging-port=0", "--user-data-dir=" + profile,
             "--window-size=1280,1400", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.time() + 30
        while port is None and time.time() < deadline:
            line = self.proc.stderr.readline()
            m = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
        if port is None:
            raise RuntimeError("chromium did not start its DevTools server")
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])
        self.next_id = 0
        self.events = []
        self.call("Page.enable")
        self.call("DOM.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_load(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            for i, e in enumerate(self.events):
                if e.get("method") == "Page.loadEventFired":
                    del self.events[: i + 1]
                    return
            self.events.append(json.loads(self.ws.recv()))
        raise RuntimeError("the page did not load")

    def node(self, selector):
        root = self.call("DOM.getDocument")["root"]["nodeId"]
        node = self.call("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise RuntimeError("no element matches %s" % selector)
        return node

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def main(profile, steps):
    b = Browser(profile)
    try:
        while steps:
            step = steps.pop(0)
            if step == "open":
                b.events.clear()
                b.call("Page.navigate", url=steps.pop(0))
                b.wait_load()
            elif step in ("type", "fill"):
                # type: fill the field, then press Enter (the form goes);
                # fill: only fill it (a select takes the keys as a person
                # types an option's name).
                selector, text = steps.pop(0), steps.pop(0)
                b.call("DOM.focus", nodeId=b.node(selector))
                # Select what the box holds, so that typing replaces it.
                b.call("Input.dispatchKeyEvent", type="keyDown", key="a",
                       code="KeyA", modifiers=2, commands=["selectAll"])
                b.call("Input.dispatchKeyEvent", type="keyUp", key="a",
                       code="KeyA", modifiers=2)
                for ch in text:
                    b.call("Input.dispatchKeyEvent", type="keyDown", key=ch, text=ch)
                    b.call("Input.dispatchKeyEvent", type="keyUp", key=ch)
                if step == "fill":
                    continue
                b.events.clear()
                b.call("Input.dispatchKeyEvent", type="keyDown", key="Enter",
                       code="Enter", windowsVirtualKeyCode=13, text="\r")
                b.call("Input.dispatchKeyEvent", type="keyUp", key="Enter",
                       code="Enter", windowsVirtualKeyCode=13)
                b.wait_load()
            elif step == "click":
                node = b.node(steps.pop(0))
                b.call("DOM.scrollIntoViewIfNeeded", nodeId=node)
                quad = b.call("DOM.getContentQuads", nodeId=node)["quads"][0]
                x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
                b.events.clear()
                for kind in ("mousePressed", "mouseReleased"):
                    b.call("Input.dispatchMouseEvent", type=kind, x=x, y=y,
                           button="left", clickCount=1)
                b.wait_load()
            elif step == "dom":
                root = b.call("DOM.getDocument")["root"]["nodeId"]
                html = b.call("DOM.getOuterHTML", nodeId=root)["outerHTML"]
                with open(steps.pop(0), "w") as f:
                    f.write(html)
            elif step == "style":
                node = b.node(steps.pop(0))
                prop = steps.pop(0)
                b.call("CSS.enable")
                style = b.call("CSS.getComputedStyleForNode", nodeId=node)
                value = next((p["value"] for p in style["computedStyle"]
                              if p["name"] == prop), "")
                with open(steps.pop(0), "w") as f:
                    f.write(value + "\n")
            elif step == "fonts":
                node = b.node(steps.pop(0))
                b.call("CSS.enable")
                fonts = b.call("CSS.getPlatformFontsForNode", nodeId=node)
                with open(steps.pop(0), "w") as f:
                    for font in fonts["fonts"]:
                        f.write("%s %d\n" % (font["familyName"], font["glyphCount"]))
            elif step == "shot":
                data = b.call("Page.captureScreenshot", format="png")["data"]
                with open(steps.pop(0), "wb") as f:
                    f.write(base64.b64decode(data))
            else:
                raise SystemExit("unknown step %r" % step)
    finally:
        b.close()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2:])
