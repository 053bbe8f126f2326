"""A real app server and a real headless Chromium, shared by the benchmark and the browser tests.

The server is `streamlit run <script>` (app.py unless told otherwise) in a subprocess on a
free local port, with its own data folder; Chromium is Debian's (`/usr/bin/chromium`, or
$CHROMIUM), driven by Playwright without any browser download. tests/e2e/harness.py
re-exports these names and adds the helpers only the journeys use.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`streamlit run app.py` on 127.0.0.1 with a private data folder; start, kill, start again.

    `script` runs another page script instead (the benchmark's bare page); `env` adds
    variables to the server's environment. The server watches no files: a source file
    edited while it runs is not reloaded half-way through a test or a measurement.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        database_url: str | None = None,
        *,
        script: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.script = script or ROOT / "app.py"
        self.env = env or {}
        self.process: subprocess.Popen | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "ASSESSMENT_DATA_DIR": str(self.data_dir), **self.env}
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        command = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true",
                   "--server.fileWatcherType", "none"]  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app server stopped: see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"the app server did not answer within {timeout} s: see {self.log}")

    def stop(self, hard: bool = False) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium from the system's packages."""
    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium is not installed: `apt-get install chromium` (make test does it as root)")
    with sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


TIMEOUT = 30_000

# Counts, in the page, the reruns the browser asks for and those the server has finished: a rerun request is
# a BackMsg whose first field is `rerun_script` (field 11, so its first byte is 0x5A); a run ends with a
# ForwardMsg carrying `script_finished` (field 6), unless it stopped early because another rerun follows.
# Installed before the app's own scripts by `track_reruns`, or on first use by `wait_idle`.
_RERUN_TRACKER_JS = """
() => {
  if (window.__reruns) return;
  const reruns = window.__reruns = {asked: 0, done: 0};
  const FINISHED_EARLY_FOR_RERUN = 2;
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const finished = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let at = 0;
    while (at < bytes.length) {
      let key, value;
      [key, at] = varint(bytes, at);
      const kind = key & 7;
      if (kind === 0) {
        [value, at] = varint(bytes, at);
        if (key >> 3 === 6) return value !== FINISHED_EARLY_FOR_RERUN;
      } else if (kind === 2) { [value, at] = varint(bytes, at); at += value; }
      else if (kind === 1) at += 8;
      else if (kind === 5) at += 4;
      else return false;
    }
    return false;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    if (bytes && bytes[0] === 0x5a) {
      reruns.asked += 1;
      if (!this.__rerunsHeard) {
        this.__rerunsHeard = true;
        this.addEventListener("message", (event) => {
          if (event.data instanceof ArrayBuffer && finished(event.data)) reruns.done = reruns.asked;
        });
      }
    }
    return send.call(this, data);
  };
}
"""

# Streamlit sends the widgets' new values from a zero-delay timer set when they change: a timer set now runs
# after it, so once it has run, the rerun request (if any) has been sent and counted.
_FLUSHED_JS = "() => new Promise((resolve) => setTimeout(resolve, 0))"

_IDLE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const state = app && app.getAttribute("data-test-script-state");
  const reruns = window.__reruns;  // missing in a page that has just navigated: its state alone tells
  return (!reruns || reruns.done >= reruns.asked) && state !== "running" && state !== "rerunRequested";
}
"""


def track_reruns(context: BrowserContext) -> None:
    """Count reruns in every page of `context` from its first script on, so that `wait_idle` misses none."""
    context.add_init_script(f"({_RERUN_TRACKER_JS})()")


def wait_idle(page: Page) -> None:
    """Wait until the server has finished every rerun this page asked for, and Streamlit shows none running.

    Widget changes reach the server through a zero-delay timer: it has fired before the count is read.

    In a page whose context was not given to `track_reruns`, the reruns are counted from the
    first call on. When the page navigates meanwhile (a sign-in does), the new page is waited for.
    """
    for attempt in range(5):
        try:
            page.evaluate(_RERUN_TRACKER_JS)
            page.evaluate(_FLUSHED_JS)
            page.wait_for_function(_IDLE_JS, timeout=TIMEOUT)
            break
        except PlaywrightError as error:
            if attempt == 4 or "Execution context was destroyed" not in str(error):
                raise
            page.wait_for_load_state()
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT)


_CLICK_TO_SAVED_JS = """
([blockSelector, optionText, savedText]) => new Promise((resolve, reject) => {
  const block = document.querySelector(blockSelector);
  const labels = [...block.querySelectorAll('[data-testid="stRadio"] label')];
  const label = labels.find(l => l.innerText.includes(optionText));
  if (!label) { reject(new Error('no option ' + optionText)); return; }
  const start = performance.now();
  const observer = new MutationObserver(() => {
    const current = document.querySelector(blockSelector);
    if (current && current.innerText.includes(savedText)) {
      observer.disconnect();
      resolve((performance.now() - start) / 1000);
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  label.click();
  setTimeout(() => { observer.disconnect(); reject(new Error('not saved within 30 s')); }, 30000);
})
"""


def click_to_saved(page: Page, indicator_id: str, option_text: str, saved_text: str) -> float:
    """Seconds, measured in the page, from clicking a stage of an unanswered indicator to its saved state.

    The indicator's block is the container keyed `indicator-<id>` (dots as dashes), on the
    Answer page (`answer.block_key`) as on the benchmark's bare page.
    """
    selector = ".st-key-indicator-" + indicator_id.replace(".", "-")
    option = page.locator(selector).locator('[data-testid="stRadio"] label').filter(has_text=option_text).first
    option.wait_for()
    option.scroll_into_view_if_needed()
    return page.evaluate(_CLICK_TO_SAVED_JS, [selector, option_text, saved_text])


def sign_in(page: Page, url: str, username: str, password: str, button: str) -> None:
    """Open `url`, sign in on the form it shows; the app then shows `url` itself."""
    page.goto(url)
    page.get_by_role("button", name=button).wait_for()
    wait_idle(page)
    page.get_by_label("Nombre de usuario o correo electrónico").or_(
        page.get_by_label("User name or e-mail address")
    ).fill(username)
    page.get_by_label("Contraseña", exact=True).or_(page.get_by_label("Password", exact=True)).fill(password)
    page.get_by_role("button", name=button).click()
    # The browser passes once through /auth/session (which sets the session cookie) and lands on `url`, where the
    # shell draws the sign-out button (the form's button goes away sooner, before the cookie is set).
    page.locator(".st-key-sign_out").wait_for()
    page.wait_for_url(lambda address: "/auth/" not in address and "sign-in" not in address)
    page.wait_for_load_state()
    wait_idle(page)
