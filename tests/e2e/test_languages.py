"""Every page in Spanish, Portuguese and French, in Chromium: no English left, figures in the language's way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessment.i18n import catalog, translate
from assessment.web.localise import EXACT, PATTERNS
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.e2e.harness import seed_workshop, settle, sign_in_as_admin

BROWSER_LOCALE = {"es": "es-419", "pt": "pt-BR", "fr": "fr-FR"}
PAGES = ("assessments", "answer", "results", "consensus", "live", "compare", "questionnaires", "invitations", "admin")
VISIBLE_TEXT = """() => {
  const attributes = [...document.querySelectorAll("[placeholder],[aria-label],[title]")]
    .flatMap(e => ["placeholder", "aria-label", "title"].map(a => e.getAttribute(a)).filter(Boolean));
  return [document.body.innerText, ...attributes].join("\\n");
}"""


def settled_text(page) -> str:
    """The page's text once it stops growing (charts and tables load after the first draw)."""
    settle(page, limit_ms=6_000)
    return page.evaluate(VISIBLE_TEXT)


def english_phrases(language: str) -> list[str]:
    """Phrases of the English catalog that the language translates differently: none may show on its pages."""
    english, target = catalog("en"), catalog(language)
    own = "\n".join(target.values())
    phrases = set()
    for key, text in english.items():
        if target.get(key, text) == text:
            continue
        for piece in re.split(r"\{[a-z_0-9]+\}|\*\*|`|\n", text):
            fragment = piece.strip(" .,:;()·–-")
            if len(fragment) >= 14 and " " in fragment and fragment not in own:
                phrases.add(fragment)
    return sorted(phrases)


def english_left(text: str, language: str) -> list[str]:
    found = [phrase for phrase in english_phrases(language) if phrase in text]
    found += [widget for widget in EXACT if re.search(rf"(?m)^\s*{re.escape(widget)}\s*$", text)]
    found += [line for line in text.splitlines() for pattern in PATTERNS if re.match(pattern, line.strip())]
    return found


@pytest.fixture
def workshop(server):
    return seed_workshop(server.data_dir / "assessment.db", "BR", "pt", "Ministério")


@pytest.mark.parametrize("language", ["es", "pt", "fr"])
def test_every_page_speaks_the_browsers_language(server, browser, workshop, language, artifacts):
    assessment_id, respondent_id = workshop
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=BROWSER_LOCALE[language])
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{server.url}/?lang=en")  # the check itself: English is found on an English page
        page.get_by_role("button", name=translate("account.sign_in", "en")).wait_for()
        assert english_left(settled_text(page), language)
        page.goto(server.url)  # no ?lang: the browser's language decides
        sign_in = translate("account.sign_in", language)
        page.get_by_role("button", name=sign_in).wait_for()
        assert english_left(settled_text(page), language) == []
        assert page.evaluate("document.documentElement.lang") == language
        sign_in_as_admin(page, language, ADMIN, ADMIN_PASSWORD)
        for name in PAGES:
            page.goto(f"{server.url}/{name}?a={assessment_id}&r={respondent_id}")
            page.get_by_role("heading", level=1).first.wait_for()
            text = settled_text(page)
            page.screenshot(path=str(artifacts / f"language-{language}-{name}.png"), full_page=True)
            assert page.evaluate("document.documentElement.lang") == language, name
            assert english_left(text, language) == [], name
            if name == "results":
                index = page.locator('[data-testid="stMetricValue"]').first.inner_text()
                decimal = "," if language in ("pt", "fr") else "."
                assert re.fullmatch(rf"\d+\{decimal}\d", index.strip()), index
    finally:
        context.close()


def test_the_page_script_translates_streamlits_words_and_never_our_content(browser):
    from assessment.web.localise import locale_script

    page = browser.new_page()
    try:
        page.set_content(
            '<a data-testid="stSkipToContent" href="#">Skip to main content</a>'
            '<div data-testid="stMarkdownContainer"><p>Pan</p><p>Upload</p></div>'
            '<section data-testid="stFileUploaderDropzone"><span>Drag and drop a file here</span>'
            '<button><div data-testid="stMarkdownContainer"><p>Upload</p></div></button><small>200MB per file</small>'
            '</section><button title="Download plot as a png">x</button><div id="later"></div>'
        )
        script = locale_script("fr")
        page.add_script_tag(content=script.removeprefix("<script>").removesuffix("</script>"))
        page.evaluate("document.getElementById('later').innerHTML = '<input placeholder=\"Choose an option\">'")
        expect(page.locator("#later input")).to_have_attribute("placeholder", translate("widget.choose", "fr"))
        text = page.evaluate("document.body.innerText")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert translate("widget.skip_to_content", "fr") in text
        assert translate("widget.drop_file", "fr") in text
        assert "200MB par fichier" in text
        assert text.count("Upload") == 1  # ours, in a Markdown container, stays as written
        assert "Pan" in text
        assert page.locator("button[title]").get_attribute("title") == translate("widget.download_png", "fr")
        assert page.locator("input").get_attribute("placeholder") == translate("widget.choose", "fr")
        assert "\\u003c" in script or "<" not in script[8:-9]
    finally:
        page.close()
