"""A real app server and a real headless Chromium, for the browser journeys and the benchmark.

The server is `streamlit run app.py` in a subprocess on a free local port, with its own
data folder; Chromium is Debian's (`/usr/bin/chromium`, or $CHROMIUM), driven by
Playwright without any browser download.
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
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
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
    """`streamlit run app.py` on 127.0.0.1 with a private data folder; start, kill, start again."""

    def __init__(self, data_dir: Path, port: int | None = None, database_url: str | None = None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.log = data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "ASSESSMENT_DATA_DIR": str(self.data_dir)}
        env.pop("DATABASE_URL", None)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
                   "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
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
def chromium():
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


# -- driving Streamlit widgets -----------------------------------------------------------

TIMEOUT = 30_000


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished the current rerun."""
    page.wait_for_timeout(150)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=TIMEOUT)


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=False).first.click()
    wait_idle(page)


def fill(page: Page, label: str, text: str, *, in_form: bool = False) -> None:
    """Type into the text field labelled `label`; outside a form, also leave it so that it is sent."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    if not in_form:  # inside a form, Enter would submit it: the submit button sends the value
        field.blur()
        wait_idle(page)


def indicator_block(page: Page, indicator_id: str):
    """The block of one indicator on the Answer page (see `answer.block_key`)."""
    return page.locator(".st-key-indicator-" + indicator_id.replace(".", "-"))


def pick_stage(page: Page, indicator_id: str, option_text: str) -> None:
    """Click the radio option containing `option_text` (such as '3 · ') in one indicator's block."""
    block = indicator_block(page, indicator_id)
    block.locator('[data-testid="stRadio"] label').filter(has_text=option_text).first.click()


def stage_checked(page: Page, indicator_id: str, option_text: str) -> bool:
    block = indicator_block(page, indicator_id)
    label = block.locator('[data-testid="stRadio"] label').filter(has_text=option_text).first
    return label.locator("input").is_checked()


def saved_count(page: Page, saved_word: str) -> int:
    return page.get_by_text(saved_word).count()


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
    """Seconds, measured in the page, from clicking a stage of an unanswered indicator to its saved state."""
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
    page.get_by_role("button", name=button).wait_for(state="detached")
    # The browser passes once through /auth/session (which sets the session cookie) and lands on `url`.
    page.wait_for_url(lambda address: "/auth/" not in address and "sign-in" not in address)
    page.wait_for_load_state()
    wait_idle(page)


def create_assessment_in_spanish(page: Page, url: str, country: str = "Costa Rica") -> None:
    """Sign-in done: create an assessment on the Assessments page; the app then asks who is answering."""
    page.goto(url)
    page.get_by_text("Crear una evaluación").wait_for()
    wait_idle(page)
    choose(page, "País", country)
    page.get_by_role("button", name="Crear y comenzar a responder").click()
    page.get_by_text("Soy un nuevo participante").wait_for()
