"""Entry point: `streamlit run app.py`."""

from assessment.web.app import main

main()
