"""Storage: SQLAlchemy tables, Alembic migrations and the repository the pages call."""

from .repository import AssessmentInfo, AuditEntry, ExternalScore, PeerGroup, RespondentInfo, Store

__all__ = ["AssessmentInfo", "AuditEntry", "ExternalScore", "PeerGroup", "RespondentInfo", "Store"]
