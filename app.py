"""Entry point: `streamlit run app.py`.

Streamlit runs this file as the page script (`__name__ == "__main__"`). `streamlit run`
also finds the `st.App` below and serves it: Streamlit's own routes plus ours (the
session cookie, sign-out, a health check; see assessment/web/server.py).
"""

import streamlit as st

if __name__ == "__main__":
    from assessment.web.app import main

    main()
else:
    from assessment.web.server import MIDDLEWARE, ROUTES

    app = st.App(__file__, routes=ROUTES, middleware=MIDDLEWARE)
