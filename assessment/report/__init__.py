"""Scored PDF reports (reportlab): a country report and a comparison report, in the assessment's language."""
