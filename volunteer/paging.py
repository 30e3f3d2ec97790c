"""Lists come in pages, the same way everywhere: {"items", "total", "page", "per_page"}.

`total` counts every row the filters match, so a screen can say "20 of 1,204" and never
cut a list silently.
"""
from sqlalchemy import Select, func, select

from models import db


def page_of(query: Select, page: int, per_page: int, rows: bool = False) -> dict:
    """One page of an ordered query, with the count of all it matches. With `rows`, the
    items are result rows (several entities or columns) instead of single entities."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    window = query.offset((page - 1) * per_page).limit(per_page)
    items = list(db.session.execute(window)) if rows else list(db.session.scalars(window))
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def page_list(items: list, page: int, per_page: int) -> dict:
    """One page of a list already computed in full (a ranked or merged list)."""
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "total": len(items), "page": page, "per_page": per_page}
