"""Server-side reruns timed in a fresh process: `python -m bench.rerun bare|answer <settings.json>`.

Each page is timed in its own interpreter, so that one page's imports do not slow the
other's garbage collection. A rerun is timed as a real server does it: the script run
(AppTest), then the full collection Streamlit makes after each run (`runner.postScriptGC`),
which AppTest leaves out. Prints a JSON object: {"rerun": [seconds...], "save": [seconds...]}.

Nothing of the app is imported at the top: the bare page's process holds Streamlit only.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed_run(at) -> float:
    from streamlit import config

    start = time.perf_counter()
    at.run()
    if config.get_option("runner.postScriptGC"):
        gc.collect(2)
    took = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception}")
    return took


def bare(settings: dict) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    os.environ["BARE_PAGE_SPEC"], os.environ["BARE_PAGE_DB"] = settings["spec"], settings["database"]
    at = AppTest.from_file(str(ROOT / "bench" / "bare_page.py"), default_timeout=60)
    at.query_params["r"] = "1"
    if settings.get("widgets"):
        at.query_params["widgets"] = settings["widgets"]
    return measure(at, settings, lambda indicator: f"bare:1:{indicator}")


def answer(settings: dict) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    from bench.accounts import signed_in

    os.environ["ASSESSMENT_DATA_DIR"] = settings["folder"]
    os.environ.pop("DATABASE_URL", None)
    at = signed_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), settings["user"])
    a, r = settings["assessment"], settings["respondent"]
    # The whole app (shell, sign-in check, navigation, page), sent on to the Answer page as after signing in.
    at.session_state["after_sign_in"] = ("answer", {"lang": "en", "a": str(a), "r": str(r), "p": settings["pillar"]})
    return measure(at, settings, lambda indicator: f"ans:{a}:{r}:{indicator}:choice")


def measure(at, settings: dict, key) -> dict[str, list[float]]:
    for _ in range(3):  # imports, caches
        timed_run(at)
    reruns = [timed_run(at) for _ in range(settings["repeat"])]
    saves = []
    staged = settings["staged"]
    for n in range(settings["repeat"]):
        at.radio(key=key(staged[n % len(staged)])).set_value(2 + n % 3)
        saves.append(timed_run(at))
    return {"rerun": reruns, "save": saves}


if __name__ == "__main__":
    page, path = sys.argv[1], Path(sys.argv[2])
    found = {"bare": bare, "answer": answer}[page](json.loads(path.read_text(encoding="utf-8")))
    print(json.dumps(found))
