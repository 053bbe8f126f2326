"""A facilitator loads the demo, compares four countries and takes the workbook away."""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.e2e.harness import ROOT, sign_in, wait_idle


def test_demo_compare_four_countries_and_download_the_workbook(server, page, artifacts):
    env_dir = server.data_dir
    result = subprocess.run(
        [sys.executable, "-m", "assessment", "demo", "--database", f"sqlite:///{env_dir / 'assessment.db'}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "16 assessments created" in result.stdout

    sign_in(page, f"{server.url}/compare?lang=en", ADMIN, ADMIN_PASSWORD, "Sign in")
    page.get_by_text("Choose two or more assessments").wait_for()
    wait_idle(page)
    picker = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Assessments to compare").first
    for country in ("Arcadia", "Borealis", "Coralia", "Esmeralda"):
        picker.locator("input").click()
        picker.locator("input").fill(country)
        page.get_by_role("option", name=f"{country} (fictional) · 2026").click()
        page.keyboard.press("Escape")
        wait_idle(page)
    page.get_by_text("Ranking").wait_for()
    page.locator(".js-plotly-plot").nth(2).wait_for()
    # Each country's 2024 round was made with 1.0.0, its 2026 round with 2.0.0: one trend line across both.
    page.get_by_text("rounds made with version 1.0.0").wait_for()
    wait_idle(page)
    page.set_viewport_size({"width": 1400, "height": 2400})
    wait_idle(page)
    page.screenshot(path=str(artifacts / "compare-en.png"))

    with page.expect_download() as download:
        page.get_by_role("button", name="Comparison (XLSX)").click()
    assert download.value.suggested_filename == "comparison.xlsx"
    saved = artifacts / "comparison.xlsx"
    download.value.save_as(saved)
    book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()))
    assert book.sheetnames == ["answers", "indicator results", "pillar results", "recommendations", "columns"]
    pillar_sheet = book["pillar results"]
    header = [c.value for c in pillar_sheet[1]]
    names = {row[header.index("country_name")] for row in pillar_sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Arcadia (fictional)", "Borealis (fictional)", "Coralia (fictional)", "Esmeralda (fictional)"}
