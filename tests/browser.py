"""Headless Chromium for the preview tests, driven through the DevTools protocol.

Chromium's ``--window-size`` cannot make a headless viewport narrower than
500 CSS px (Debian's Chromium 156 lays out a 390 px window at 500 px), so the
tests set the viewport with ``Emulation.setDeviceMetricsOverride`` instead, as
Puppeteer and Playwright do. The protocol runs over ``--remote-debugging-pipe``
(JSON messages ending in a NUL byte on file descriptors 3 and 4), so no port is
opened and no client library is needed.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import pytest

MISSING_REASON = "Debian's chromium package is not installed"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")

# --disable-background-networking and the flags after it stop Chromium from
# reaching the network at start-up, which a closed machine refuses.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)

# A guard against a hung browser, not a measurement: one page check took under a second on the development machine.
PROTOCOL_TIMEOUT_S = 60.0
MAX_SCREENSHOT_HEIGHT = 16_000  # px, so that a page that grows without end still gives a file of bounded size

# Runs in the page after its load event. It reads the layout and returns plain data.
PROBE_SCRIPT = """
(async () => {
  await document.fonts.ready;
  const root = document.documentElement;
  const box = (element) => {
    const rect = element.getBoundingClientRect();
    return {left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom, width: rect.width, height: rect.height};
  };
  // Merges the rectangles of the title's text into one box per line, because bidi runs
  // and font changes split a line into several rectangles.
  const textLines = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 0).sort((a, b) => a.top - b.top);
    const lines = [];
    for (const rect of rects) {
      const middle = (rect.top + rect.bottom) / 2;
      const line = lines.find((candidate) => middle >= candidate.top && middle <= candidate.bottom);
      if (line) {
        line.left = Math.min(line.left, rect.left);
        line.right = Math.max(line.right, rect.right);
      } else {
        lines.push({left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom});
      }
    }
    return lines;
  };
  const describe = (element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + (element.className && typeof element.className === "string" ? "." + element.className.trim().split(/\\s+/).join(".") : "");
  const title = document.getElementById("listing-title");
  const overflowing = Array.from(document.body.querySelectorAll("*"))
    .filter((element) => { const rect = element.getBoundingClientRect(); return rect.width > 0 && (rect.right > root.clientWidth + 0.5 || rect.left < -0.5); })
    .slice(0, 10)
    .map(describe);
  const gallery = document.querySelector(".gallery");
  const buyBox = document.querySelector(".buy-box");
  return {
    innerWidth: window.innerWidth,
    clientWidth: root.clientWidth,
    scrollWidth: root.scrollWidth,
    scrollHeight: root.scrollHeight,
    lang: root.lang,
    dir: root.dir,
    title: title ? {text: title.textContent, box: box(title), lines: textLines(title)} : null,
    gallery: gallery ? box(gallery) : null,
    buyBox: buyBox ? box(buyBox) : null,
    images: Array.from(document.images, (image) => ({src: image.getAttribute("src"), complete: image.complete, naturalWidth: image.naturalWidth, box: box(image)})),
    overflowing: overflowing,
  };
})()
"""


class BrowserError(RuntimeError):
    """Chromium failed, closed its pipe, returned a protocol error or timed out."""


@dataclass
class PageCheck:
    """What the probe measured on one page at one viewport width."""

    width: int
    probe: dict[str, Any]
    dom: str  # document.documentElement.outerHTML after load
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages the page opened
    screenshot: Path | None = None


def find_chromium() -> str | None:
    """Return the path of Debian's Chromium, or None when it is not installed."""
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_chromium() -> str:
    """Return Chromium's path, or skip the calling test when it is not installed."""
    found = find_chromium()
    if found is None:
        pytest.skip(MISSING_REASON)
    return found


class Chromium:
    """One headless Chromium process; each ``check_page`` call opens and closes its own tab."""

    def __init__(self, executable: str, work_dir: Path) -> None:
        self.executable = executable
        self.work_dir = work_dir
        self.log_path = work_dir / "chromium.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self._dialogs: dict[str, list[str]] = {}

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        profile = self.work_dir / "profile"
        profile.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            # The shell moves our two pipes to descriptors 3 (commands) and 4 (replies),
            # where --remote-debugging-pipe expects them.
            self._process = subprocess.Popen(
                ["sh", "-c", 'exec "$@" 3<&0 4>&1 0</dev/null 1>&2', "sh", self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
            )

    def close(self) -> None:
        process = self._process
        if process is None:
            return
        try:
            self._write({"id": self._new_id(), "method": "Browser.close"})
        except OSError:
            pass  # Chromium has already exited
        self._process = None
        try:
            process.wait(timeout=PROTOCOL_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def check_page(self, page: Path, width: int, height: int, *, screenshot: Path | None = None, before_probe: str | None = None) -> PageCheck:
        """Open ``page`` in a viewport of ``width`` x ``height`` CSS px, run the probe and optionally save a full-page screenshot.

        ``before_probe`` is a script run after the load event, for example to click a control.
        """
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self._dialogs[session] = []
        try:
            self.send("Page.enable", session=session)
            # mobile=False keeps innerWidth at exactly `width`. With mobile=True Chromium widens
            # innerWidth to overflowing content (700 for a 700 px element at 390 px), which hides the overflow.
            self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
            self._events.clear()
            url = page.resolve().as_uri()
            self.send("Page.navigate", {"url": url}, session=session)
            self._wait_for_load(url, session)
            if before_probe is not None:
                self.evaluate(before_probe, session)
            probe = self.evaluate(PROBE_SCRIPT, session)
            dom = self.evaluate("document.documentElement.outerHTML", session)
            check = PageCheck(width=width, probe=probe, dom=dom, dialogs=self._dialogs[session])
            if screenshot is not None:
                self._screenshot(session, width, probe["scrollHeight"], screenshot)
                check.screenshot = screenshot
            return check
        finally:
            self.send("Target.closeTarget", {"targetId": target})
            self._dialogs.pop(session, None)

    def _wait_for_load(self, url: str, session: str) -> None:
        """Wait for the load event of ``url``, skipping a late one from the blank tab."""
        loaded = f"document.readyState === 'complete' && location.href === {json.dumps(url)}"
        while True:
            self.wait_for_event("Page.loadEventFired", session)
            if self.evaluate(loaded, session):
                return

    def evaluate(self, expression: str, session: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session=session)
        if "exceptionDetails" in result:
            raise BrowserError(f"page script failed: {json.dumps(result['exceptionDetails'])[:2000]}")
        return result["result"].get("value")

    def _screenshot(self, session: str, width: int, page_height: int, path: Path) -> None:
        height = max(1, min(int(page_height), MAX_SCREENSHOT_HEIGHT))
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        result = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}, session=session)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(result["data"]))

    # The protocol

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result, keeping the events that arrive meanwhile."""
        message_id = self._new_id()
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self._write(message)
        deadline = time.monotonic() + PROTOCOL_TIMEOUT_S
        while True:
            reply = self._read(deadline, waiting_for=method)
            if reply.get("id") != message_id:
                continue
            if "error" in reply:
                raise BrowserError(f"{method} failed: {reply['error']}")
            return reply.get("result", {})

    def wait_for_event(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + PROTOCOL_TIMEOUT_S
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self._events.pop(index).get("params", {})
            self._read(deadline, waiting_for=method)

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _write(self, message: dict[str, Any]) -> None:
        process = self._require_process()
        assert process.stdin is not None
        process.stdin.write(json.dumps(message).encode("utf-8") + b"\0")
        process.stdin.flush()

    def _read(self, deadline: float, *, waiting_for: str) -> dict[str, Any]:
        """Read the next message; keep events, and dismiss dialogs so that a page script cannot block the test."""
        process = self._require_process()
        assert process.stdout is not None
        descriptor = process.stdout.fileno()
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"Chromium timed out after {PROTOCOL_TIMEOUT_S:.0f} s while the test waited for {waiting_for}; see {self.log_path}")
            ready, _writable, _failed = select.select([descriptor], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(descriptor, 1 << 16)
            if not chunk:
                raise BrowserError(f"Chromium closed the DevTools pipe while waiting for {waiting_for}; see {self.log_path}")
            self._buffer += chunk
        raw, _separator, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._on_event(message)
        return message

    def _on_event(self, event: dict[str, Any]) -> None:
        session = event.get("sessionId")
        if event["method"] == "Page.javascriptDialogOpening" and session is not None:
            self._dialogs.setdefault(session, []).append(event.get("params", {}).get("message", ""))
            self._write({"id": self._new_id(), "method": "Page.handleJavaScriptDialog", "params": {"accept": False}, "sessionId": session})
            return
        self._events.append(event)

    def _require_process(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            raise BrowserError("Chromium is not running")
        return self._process
