"""Residents' satisfaction rolled up per grid, community or street (街道/乡镇).

A rating of 4 or 5 counts as satisfied; the plan's target is 80% satisfied. Staff see
the ratings of the grids they serve; street and district admins see all.
"""
from flask import current_app
from sqlalchemy import case, func, select

from models import Community, Feedback, Grid, Need, User, db
from volunteer.access import staffed_grid_filter
from volunteer.reports import rules
from volunteer.reports.exports import period_filter


def _groups(level: str):
    """(key columns, label columns) of the level."""
    if level == "grid":
        return (Grid.id,), (Grid.code, Grid.name, Community.name)
    if level == "community":
        return (Community.id,), (Community.name, Community.street, Community.district)
    return (Community.city, Community.district, Community.street), ()


def _row(level: str, key, labels) -> dict:
    if level == "grid":
        code, name, community = labels
        return {"id": key[0], "name": name, "code": code, "parent": community}
    if level == "community":
        name, street, district = labels
        return {"id": key[0], "name": name, "code": None, "parent": f"{district}{street}"}
    city, district, street = key
    return {"id": None, "name": street, "code": None, "parent": f"{city}{district}"}


def satisfaction(actor: User, level: str, date_from=None, date_to=None) -> dict:
    keys, labels = _groups(level)
    satisfied = func.sum(case((Feedback.score.in_(rules.SATISFIED_SCORES), 1), else_=0))
    query = (select(*keys, *labels, func.count(Feedback.id), satisfied)
             .select_from(Feedback).join(Need, Need.id == Feedback.need_id)
             .join(Grid, Grid.id == Need.grid_id).join(Community, Community.id == Grid.community_id)
             .group_by(*keys, *labels).order_by(*keys))
    scope = staffed_grid_filter(actor)
    if scope is not None:
        query = query.where(scope)
    query = period_filter(query, Feedback.created_at, date_from, date_to)
    target = current_app.config["SATISFACTION_TARGET_PERCENT"]
    rows = []
    for row in db.session.execute(query):
        key, label = row[:len(keys)], row[len(keys):len(keys) + len(labels)]
        ratings, happy = int(row[-2]), int(row[-1] or 0)
        rows.append({**_row(level, key, label), "ratings": ratings, "satisfied": happy,
                     "share": rules.share(happy, ratings),
                     "meets_target": rules.meets_target(happy, ratings, target)})
    return {"level": level, "target": target / 100, "rows": rows}
