"""What assessments are compared against: peer groups of countries, and other instruments' published scores."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from ..countries import is_country_code
from ..errors import AssessmentError
from ..records import ExternalScore, PeerGroup
from .audit import log_change
from .base import StoreBase
from .tables import ExternalScoreRow, PeerGroupRow, now

MAX_PEER_GROUP_NAME = 120


class PeersAndIndices(StoreBase):
    def save_external_scores(self, scores: Sequence[ExternalScore], *, actor: str) -> int:
        """Insert or replace published scores (by instrument, country and year), all in one transaction."""
        with self._write() as session:
            for item in scores:
                row = session.scalars(
                    select(ExternalScoreRow).where(
                        ExternalScoreRow.instrument == item.instrument,
                        ExternalScoreRow.country == item.country,
                        ExternalScoreRow.year == item.year,
                    )
                ).one_or_none()
                if row is None:
                    row = ExternalScoreRow(instrument=item.instrument, country=item.country, year=item.year)
                    session.add(row)
                row.score, row.source, row.imported_at = item.score, item.source, now()
            log_change(session, actor=actor, entity="external_scores", key="import", new={"rows": len(scores)})
        return len(scores)

    def external_scores(self, countries: Sequence[str] | None = None) -> list[ExternalScore]:
        query = select(ExternalScoreRow).order_by(
            ExternalScoreRow.country, ExternalScoreRow.instrument, ExternalScoreRow.year
        )
        if countries is not None:
            query = query.where(ExternalScoreRow.country.in_(list(countries)))
        with self._read() as session:
            return [ExternalScore(r.instrument, r.country, r.year, r.score, r.source) for r in session.scalars(query)]

    def save_peer_group(self, name: str, countries: Sequence[str], *, actor: str, override: bool = False) -> PeerGroup:
        """Create or change a peer group; only the person who defined it may change it, unless `override`."""
        name = name.strip()
        codes = tuple(sorted({c.strip().upper() for c in countries}))
        if not name or len(name) > MAX_PEER_GROUP_NAME:
            raise AssessmentError("a peer group needs a name of up to 120 characters", key="error.peer_group_name")
        unknown = [c for c in codes if not is_country_code(c)]
        if unknown or not codes:
            raise AssessmentError(f"a peer group needs ISO 3166 country codes (not: {', '.join(unknown) or 'none'})")
        with self._write() as session:
            row = session.scalars(select(PeerGroupRow).where(PeerGroupRow.name == name)).one_or_none()
            old = None if row is None else {"countries": row.countries}
            if row is not None and row.owner not in ("", actor) and not override:
                raise AssessmentError(
                    f"the peer group '{name}' was defined by {row.owner}: choose another name",
                    key="error.peer_group_taken",
                    name=name,
                )
            if row is None:
                row = PeerGroupRow(name=name, owner=actor)
                session.add(row)
            row.countries = list(codes)
            log_change(session, actor=actor, entity="peer_group", key=name, old=old, new={"countries": list(codes)})
        return PeerGroup(name, codes)

    def peer_groups(self) -> list[PeerGroup]:
        with self._read() as session:
            rows = session.scalars(select(PeerGroupRow).order_by(PeerGroupRow.name))
            return [PeerGroup(r.name, tuple(r.countries)) for r in rows]
