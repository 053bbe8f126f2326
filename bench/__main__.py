"""`python -m bench`: print every performance figure (engine, then web app). Options: --engine-only."""

from __future__ import annotations

import sys

from bench import cli, durability, engine, reports, web, workspace

if __name__ == "__main__":
    engine_only = "--engine-only" in sys.argv
    sys.argv = [a for a in sys.argv if a != "--engine-only"]
    engine.main()
    cli.main()
    if not engine_only:
        web.main()
        workspace.main()
        reports.main()
        durability.main()
