"""The candidate search table: one row per (skill, cell, volunteer) who may serve now.

Only volunteers who are verified, on duty and active have rows; the rows follow every
change of a volunteer's skills, position, radius, status or licence in the same
transaction (volunteer/matching/search_index.py). A cell is ~0.05 degrees square, so
a query for one skill near one place reads a few index ranges and nothing else.
"""
from sqlalchemy import Float, ForeignKey, Index, Integer, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column

from models import Base


class SearchEntry(Base):
    __tablename__ = "volunteer_search"
    __table_args__ = (
        Index("ix_volunteer_search_volunteer_id", "volunteer_id"),
        {"sqlite_with_rowid": False},  # the rows live in the primary-key b-tree itself
    )

    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id"), primary_key=True)
    cell: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer_profiles.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[int] = mapped_column(Integer)
    home_grid_id: Mapped[int | None] = mapped_column(Integer)
    licence_rank: Mapped[int] = mapped_column(SmallInteger)  # 0: not a social worker
