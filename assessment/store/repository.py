"""The repository: every read and write of assessments, answers, consensus and targets, on one database.

`Store` is made of one class per aggregate, each in its own module: assessments;
respondents and their answers; consensus and targets; peer groups and published indices;
whole-assessment imports; the audit log. Each write is one transaction that also appends
to the audit log (`audit.log_change`), and is checked against the questionnaire by the
engine first: nothing half-written or invalid reaches the database, whichever page or
script calls it. Accounts, sessions and invitations are functions over a `Store`
(accounts.py, sessions.py, invitations.py).
"""

from __future__ import annotations

from .audit import AuditLog
from .consensus_targets import ConsensusAndTargets
from .imports import Imports
from .peers import PeersAndIndices
from .respondents import Respondents


class Store(Respondents, ConsensusAndTargets, PeersAndIndices, Imports, AuditLog):
    """All storage for the app, on one database (SQLite file or server)."""
