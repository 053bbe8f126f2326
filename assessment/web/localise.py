"""The page in the person's language beyond our own texts: `<html lang>`, Streamlit's and Plotly's built-in words.

Streamlit and Plotly write a few texts of their own that no option translates ("Skip to
main content", "Drag and drop a file here", "Press Enter to apply", "Download plot as a
png"...). A small script, sent with every page, declares the page's language and
rewrites those texts (text nodes and the title, placeholder, aria-label and data-title
attributes) from the interface catalog as they appear. It carries only catalog strings,
never user text, and leaves alone everything our pages write (Markdown, captions,
headings, alerts, table cells, widget labels and options), so a name such as "Pan" stays.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import plotly.graph_objects as go
import streamlit as st
from babel.dates import format_time

from ..formatting import format_moment, locale_of, zone_label
from ..i18n import translate

EXACT = {
    "Skip to main content": "widget.skip_to_content",
    "Drag and drop a file here": "widget.drop_file",
    "Drag and drop files here": "widget.drop_files",
    "Upload": "widget.upload",
    "Browse files": "widget.upload",
    "No results": "widget.no_results",
    "Select all": "widget.select_all",
    "Clear all": "widget.clear_all",
    "Clear value": "widget.clear_all",
    "Choose an option": "widget.choose",
    "Choose options": "widget.choose",
    "Download plot as a png": "widget.download_png",
    "Download plot as a PNG": "widget.download_png",
    "Zoom": "widget.zoom",
    "Pan": "widget.pan",
    "Zoom in": "widget.zoom_in",
    "Zoom out": "widget.zoom_out",
    "Autoscale": "widget.autoscale",
    "Reset axes": "widget.reset_axes",
    "View fullscreen": "widget.fullscreen",
    "Exit fullscreen": "widget.exit_fullscreen",
    "Fullscreen": "widget.fullscreen",
    "Download as CSV": "widget.download_csv",
    "Search": "widget.search",
    "Show password text": "widget.show_password",
    "Hide password text": "widget.hide_password",
}
"""Built-in texts seen on the app's pages, and the catalog key of each one's translation."""

PATTERNS = {
    r"^Press (.+) to apply$": "widget.press_to_apply",
    r"^Press (.+) to submit form$": "widget.press_to_submit",
    r"^(\d+(?:\.\d+)?\s?[KMG]?B) per file$": "widget.per_file",
}
"""Built-in texts with a variable part, written `{0}` in the translation."""

SCRIPT = """<script>
(() => {
  const config = %s;
  document.documentElement.lang = config.lang;
  window.__cmaLocale = config;
  const patterns = config.patterns.map(([source, target]) => [new RegExp(source), target]);
  // Our own content: never rewritten (user text lives there; ours is translated already).
  const OURS = '[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"], ' +
    '[data-testid="stHeading"], [data-testid="stAlert"], [data-testid="stText"], [data-testid="stWidgetLabel"], ' +
    '[data-testid="stTable"], [data-testid="stMetric"], ' +
    '[data-baseweb="select"] [title], [data-testid="stExpander"] summary';
  const ours = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    // The file uploader draws its own button text through a Markdown container: that one is Streamlit's.
    return !!(element && element.closest(OURS) && !element.closest('[data-testid="stFileUploaderDropzone"]'));
  };
  const translate = (text) => {
    const cfg = window.__cmaLocale, trimmed = text.trim();
    if (!trimmed) return null;
    if (Object.prototype.hasOwnProperty.call(cfg.exact, trimmed)) {
      const out = cfg.exact[trimmed];
      return text.replace(trimmed, () => out);
    }
    for (const [pattern, target] of patterns) {
      const match = trimmed.match(pattern);
      if (match) {
        const out = target.split("{0}").join(match[1]);
        return text.replace(trimmed, () => out);
      }
    }
    return null;
  };
  const ATTRIBUTES = ["title", "placeholder", "aria-label", "data-title"];
  const fix = (root) => {
    if (ours(root)) return;
    if (root.nodeType === Node.TEXT_NODE) {
      const done = translate(root.nodeValue);
      if (done !== null && done !== root.nodeValue) root.nodeValue = done;
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) fix(node);
    const elements = [root, ...root.querySelectorAll("[title],[placeholder],[aria-label],[data-title]")];
    for (const element of elements) {
      if (ours(element)) continue;
      for (const name of ATTRIBUTES) {
        const value = element.getAttribute && element.getAttribute(name);
        if (!value) continue;
        const done = translate(value);
        if (done !== null && done !== value) element.setAttribute(name, done);
      }
    }
  };
  if (config.lang === "en") return;
  fix(document.body);
  if (window.__cmaObserver) return;
  window.__cmaObserver = new MutationObserver((records) => {
    if ((window.__cmaLocale || {}).lang === "en") return;
    for (const record of records) {
      if (record.type === "characterData") fix(record.target);
      else if (record.type === "attributes") fix(record.target);
      else record.addedNodes.forEach(fix);
    }
  });
  window.__cmaObserver.observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
  });
})();
</script>"""


@cache
def locale_script(language: str) -> str:
    """The script that puts the page into `language` (plain catalog strings, JSON-encoded)."""
    config = {
        "lang": language,
        "exact": {english: translate(key, language) for english, key in EXACT.items()},
        "patterns": [[pattern, translate(key, language)] for pattern, key in PATTERNS.items()],
    }
    # JSON inside a script: every "<" is written \u003c, so no string can close or open an element.
    return SCRIPT % json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")


def localise_page(language: str) -> None:
    """Declare the page's language and translate the built-in texts (the script is idempotent: sent with every page)."""
    with st.sidebar:
        st.html(locale_script(language), unsafe_allow_javascript=True)


def browser_zone() -> tzinfo:
    """The browser's time zone when Streamlit knows it (officials are not in UTC), else UTC: one rule for every page."""
    zone = st.context.timezone
    if isinstance(zone, str):
        try:
            return ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError):
            pass
    return UTC


def clock_time(moment: datetime, language: str) -> str:
    """A time of day in the browser's time zone, as the language writes it."""
    return format_time(moment, "medium", tzinfo=browser_zone(), locale=locale_of(language))


def clock_moment(moment: datetime, language: str) -> str:
    """A date and time in the browser's time zone, with the zone named."""
    return format_moment(moment, language, browser_zone())


def render_time_zone(language: str) -> None:
    """Say, once on every page, which time zone the times are in."""
    zone = zone_label(datetime.now(UTC), browser_zone())
    st.sidebar.caption(translate("common.time_zone", language, zone=zone))


def localised(figure: go.Figure, language: str) -> go.Figure:
    """A Plotly figure writing its numbers with the language's decimal and grouping marks."""
    symbols = locale_of(language).number_symbols.get("latn", {})
    return figure.update_layout(separators=symbols.get("decimal", ".") + symbols.get("group", ","))
