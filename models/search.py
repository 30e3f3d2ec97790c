"""The candidate search table: one row per (skill, cell, volunteer) who may serve now.

Only volunteers who are verified, on duty and active have rows; the rows follow every
change of a volunteer's skills, position, radius, availability, certificates, status or
licence in the same transaction (volunteer/matching/search_index.py). A cell is 0.01
degrees square (about 1.1 x 0.9 km in Henan), so a query for one skill near one place
reads a few short index ranges and nothing else.

The weekly availability rides along twice: `avail_0` .. `avail_6` hold, per weekday, one
bit for each half hour that some window touches, so the database drops volunteers who
cannot be free at the need's time before it sorts; `windows` holds the exact windows
("weekday:start-end" in local minutes, comma-separated), checked on the few rows returned.

What the candidate list shows of each volunteer rides along too (name, stars, the codes of
every skill held), so listing candidates reads this table and the volunteers' records only.
"""
from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, SmallInteger, Text
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
    has_certificates: Mapped[bool] = mapped_column(Boolean)  # holds any certificate at all
    windows: Mapped[str] = mapped_column(Text)
    avail_0: Mapped[int] = mapped_column(BigInteger)
    avail_1: Mapped[int] = mapped_column(BigInteger)
    avail_2: Mapped[int] = mapped_column(BigInteger)
    avail_3: Mapped[int] = mapped_column(BigInteger)
    avail_4: Mapped[int] = mapped_column(BigInteger)
    avail_5: Mapped[int] = mapped_column(BigInteger)
    avail_6: Mapped[int] = mapped_column(BigInteger)
    name: Mapped[str] = mapped_column(Text, server_default="")
    star_level: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    skill_codes: Mapped[str] = mapped_column(Text, server_default="")  # every skill held, in code order, comma-separated
