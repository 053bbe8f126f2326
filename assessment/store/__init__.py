"""Storage: SQLAlchemy tables, Alembic migrations and the repository the pages call."""

from ..records import AssessmentInfo, AuditEntry, ExternalScore, PeerGroup, RespondentInfo
from .repository import Store

__all__ = ["AssessmentInfo", "AuditEntry", "ExternalScore", "PeerGroup", "RespondentInfo", "Store"]
