"""Every chart of the tool, in one place: what it shows, how the screen and the PDF draw it, and its words.

- `data`: what each chart shows (its axes and series), computed once from the scores, for
  the pages and the reports alike;
- `figures`: the Plotly figures the pages show (radar, indicator bars, heatmap, trends);
- `drawings`: the reportlab drawings of the PDF and Word reports (the radar);
- `summary`: each chart's text alternative, for whoever cannot see it.

The modules are imported one by one (`from assessment.charts.figures import radar`): a page
loads no reportlab, a report no Plotly.
"""
