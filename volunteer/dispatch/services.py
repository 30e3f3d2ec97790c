"""Offer mode and browse mode.

Offer: a need is offered to its best N candidates at once; each offer lapses (sooner for
urgent needs); the first to accept takes the slot through the one conditional UPDATE in
assignments.services.take_slot. A declined or lapsed offer passes on to the next candidate
until the slots fill or no one is left. Locks are taken need first, then assignments, so
concurrent accepts queue on the need instead of deadlocking.

Browse: a volunteer's "near me" list of open needs they qualify for, with a distance
rounded to 100 m and the rounded public place, never the address or phone.
"""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, func, select
from sqlalchemy.orm import lazyload

from models import Assignment, Need, OfferPause, ServiceRecord, SocialWorkerProfile, User, VolunteerProfile, db
from models.assignments import AssignmentSource, AssignmentStatus
from models.needs import NeedStatus, Urgency, need_skills
from models.people import VolunteerStatus, volunteer_skills
from volunteer import audit, clock, idempotency
from volunteer.assignments.services import (
    complete_need_if_done, move_assignment, release_slot, release_team_seat, take_slot, tell_coming,
)
from volunteer.access import staffs_grid
from volunteer.dispatch import rules
from volunteer.errors import Conflict, Forbidden, InvalidInput, NotFound
from volunteer.geo import Point, blurred, bounding_box, distance_m
from volunteer.matching.services import Match, find_candidates, refusal_for
from volunteer.needs.services import get_need, tell_resident
from volunteer.messages import field_code
from volunteer.notify.services import notify
from volunteer.paging import page_of

MAX_CANDIDATES = 1000


def need_staff_id(need: Need) -> int:
    """Who hears about a need's offers: its social worker, else whoever posted it."""
    return need.social_worker_id or need.created_by_id


def local_day(now: datetime):
    return clock.local(now).date()


def _locked_need(need_id: int) -> Need:
    need = db.session.get(Need, need_id, with_for_update=True, populate_existing=True)
    if need is None:
        raise NotFound()
    return need


def _on_need(need: Need) -> set[int]:
    return set(db.session.scalars(select(Assignment.user_id).where(Assignment.need_id == need.id)))


def _paused(user_ids: list[int], now: datetime) -> set[int]:
    if not user_ids:
        return set()
    return set(db.session.scalars(select(OfferPause.user_id).where(
        OfferPause.user_id.in_(user_ids), OfferPause.day == local_day(now))))


def next_candidates(need: Need, wanted: int, now: datetime) -> list[Match]:
    """The best `wanted` candidates not yet offered this need and not paused today."""
    taken = _on_need(need)
    limit = wanted + len(taken)
    while True:
        matches = find_candidates(need, limit)
        fresh = [m for m in matches if m.user_id not in taken]
        paused = _paused([m.user_id for m in fresh], now)
        fresh = [m for m in fresh if m.user_id not in paused]
        if len(fresh) >= wanted or len(matches) < limit or limit >= MAX_CANDIDATES:
            return fresh[:wanted]
        limit = min(limit * 2, MAX_CANDIDATES)


def _pending_offers(need: Need, now: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.need_id == need.id, Assignment.status == AssignmentStatus.offered,
        Assignment.expires_at > now))


def top_up_offers(need: Need, now: datetime, actor_id: int | None) -> list[Assignment]:
    """Keep the need's batch of offers out while it is open; returns the offers made.

    The caller holds the need's lock and commits.
    """
    if need.status != NeedStatus.open or need.ends_at <= now:
        return []
    wanted = rules.offers_wanted(need.offer_batch, _pending_offers(need, now))
    if wanted == 0:
        return []
    config = current_app.config
    expires_at = rules.offer_expiry(now, need.ends_at, need.urgency == Urgency.urgent,
                                    config["OFFER_MINUTES"], config["OFFER_MINUTES_URGENT"])
    made = []
    for match in next_candidates(need, wanted, now):
        offer = Assignment(
            need_id=need.id, user_id=match.user_id,
            role="social_worker" if match.is_social_worker and need.needs_social_worker else "volunteer",
            source=AssignmentSource.offer, status=AssignmentStatus.offered, assigned_by_id=actor_id,
            distance_m=match.distance_m, created_at=now, expires_at=expires_at)
        db.session.add(offer)
        made.append(offer)
    db.session.flush()
    for offer in made:
        notify(offer.user_id, "offer_made", f"assignment:{offer.id}", title=need.title,
               place=need.public_place, starts_at=need.starts_at, expires_at=expires_at)
    if not made and _pending_offers(need, now) == 0:
        notify(need_staff_id(need), "offers_exhausted", f"need:{need.id}",
               dedupe_key=f"offers_exhausted:{need.id}", title=need.title,
               missing=need.slots - need.taken)
    return made


def make_offers(actor: User, need_id: int, count: int | None) -> list[Assignment]:
    """Staff: put a need in offer mode, keeping `count` offers out until its slots fill."""
    need = get_need(need_id)
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    need = _locked_need(need_id)
    if need.status != NeedStatus.open:
        raise Conflict("need_not_open")
    need.offer_batch = count or current_app.config["OFFER_BATCH"]
    made = top_up_offers(need, clock.now(), actor.id)
    audit.record(actor.id, "make_offers", f"need:{need.id}", batch=need.offer_batch,
                 offered=[o.user_id for o in made])
    db.session.commit()
    return made


def pass_on(need: Need, now: datetime) -> list[Assignment]:
    """A slot came free (or an offer lapsed): the waitlist goes first, in the order people
    joined, each re-checked against the need's rules. The first who fits is offered the
    slot, which is held for them (a sign-up cannot take it) until they accept, decline or
    let it lapse. Then the need's offer batch is topped up. The caller holds the need's lock."""
    if need.status != NeedStatus.open or need.ends_at <= now:
        return []
    made = []
    waiting = db.session.scalars(select(Assignment).where(
        Assignment.need_id == need.id, Assignment.status == AssignmentStatus.waitlisted)
        .order_by(Assignment.created_at, Assignment.id).with_for_update()).all()
    config = current_app.config
    for entry in waiting:
        if need.status != NeedStatus.open or need.taken >= need.slots:
            break
        profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == entry.user_id))
        if profile is None or refusal_for(need, profile) is not None:
            continue  # no longer fits (busy, away, suspended): stays on the list, passed over
        take_slot(need)
        move_assignment(entry, AssignmentStatus.offered)
        entry.expires_at = rules.offer_expiry(now, need.ends_at, need.urgency == Urgency.urgent,
                                              config["OFFER_MINUTES"], config["OFFER_MINUTES_URGENT"])
        notify(entry.user_id, "waitlist_offer", f"assignment:{entry.id}", title=need.title,
               starts_at=need.starts_at, expires_at=entry.expires_at)
        made.append(entry)
    return made + top_up_offers(need, now, None)


def let_go(need: Need, offer: Assignment, target: AssignmentStatus, now: datetime) -> None:
    """An offer is declined or lapses; a slot held for it (from the waitlist) comes free.
    The caller holds the need's lock and passes the need on afterwards."""
    move_assignment(offer, target)
    if offer.source == AssignmentSource.waitlist:
        release_slot(need)


def join_waitlist(user: User, need_id: int, key: str | None) -> Assignment:
    """A full need: wait for a slot to come free; the first on the list who still fits is
    offered it."""
    action = f"join_waitlist:{need_id}"
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Assignment, done)
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    if profile is None:
        raise InvalidInput("not_a_volunteer", fields={"need_id": field_code("no_volunteer_profile")})
    need = _locked_need(need_id)
    if need.status not in (NeedStatus.open, NeedStatus.filled) or need.ends_at <= clock.now():
        raise Conflict("need_not_open")
    if need.taken < need.slots:
        raise Conflict("need_has_room")
    if (reason := refusal_for(need, profile)) is not None:
        raise InvalidInput(reason)
    if db.session.scalar(select(Assignment.id).where(
            Assignment.need_id == need.id, Assignment.user_id == user.id)) is not None:
        raise Conflict("already_assigned")
    entry = Assignment(need_id=need.id, user_id=user.id, role="volunteer", source=AssignmentSource.waitlist,
                       status=AssignmentStatus.waitlisted, assigned_by_id=user.id,
                       distance_m=distance_m(Point(need.lat, need.lng), Point(profile.lat, profile.lng)),
                       created_at=clock.now())
    db.session.add(entry)
    db.session.flush()
    audit.record(user.id, "join_waitlist", f"need:{need.id}", assignment_id=entry.id)
    return db.session.get(Assignment, idempotency.commit(user.id, key, action, entry.id))


def withdraw(user: User, assignment_id: int, reason: str, key: str | None) -> Assignment:
    """"I can't come": leave an accepted task (or a waitlist) with a reason.

    Early enough (WITHDRAW_FREE_HOURS before the start) it costs nothing; later it is a late
    withdrawal in the volunteer's reliability, never a no-show. The slot reopens and passes
    on, and the need's staff are told. Locks need first, then the assignment, as accepts do.
    """
    action = f"withdraw:{assignment_id}"
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound()
    if assignment.user_id != user.id:
        raise Forbidden("not_your_assignment")
    need = _locked_need(assignment.need_id)
    assignment = db.session.get(Assignment, assignment_id, with_for_update=True, populate_existing=True)
    # Asked only once the rows are locked: a twin with the same key has committed by then.
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Assignment, done)
    now = clock.now()
    held = assignment.status == AssignmentStatus.accepted
    move_assignment(assignment, AssignmentStatus.withdrawn)
    assignment.reason, assignment.responded_at = reason, now
    if held:
        free_before = timedelta(hours=current_app.config["WITHDRAW_FREE_HOURS"])
        changed_since = need.changed_at is not None and need.changed_at > assignment.created_at
        assignment.withdrawn_late = need.starts_at - now < free_before and not changed_since
        if assignment.team_id is not None:  # the slot stays the team's: its leader puts in another member
            release_team_seat(need.id, assignment.team_id)
        else:
            release_slot(need)
        notify(need_staff_id(need), "assignment_withdrawn", f"need:{need.id}", name=user.name,
               title=need.title, reason=reason, starts_at=need.starts_at, taken=need.taken, slots=need.slots)
        tell_resident(need, "volunteer_withdrew", name=user.name)
        if assignment.team_id is None:
            pass_on(need, now)
        complete_need_if_done(need)
    audit.record(user.id, "withdraw", f"assignment:{assignment.id}", need_id=need.id, reason=reason,
                 late=assignment.withdrawn_late)
    return db.session.get(Assignment, idempotency.commit(user.id, key, action, assignment.id))


def _my_offer_locked(user: User, assignment_id: int) -> tuple[Need, Assignment]:
    """My offer and its need, locked need first."""
    offer = db.session.get(Assignment, assignment_id)
    if offer is None or offer.source not in (AssignmentSource.offer, AssignmentSource.waitlist):
        raise NotFound()
    if offer.user_id != user.id:
        raise Forbidden("not_your_assignment")
    need = _locked_need(offer.need_id)
    offer = db.session.get(Assignment, assignment_id, with_for_update=True, populate_existing=True)
    return need, offer


def _still_open(need: Need, offer: Assignment, now: datetime) -> None:
    if offer.status == AssignmentStatus.offered and offer.expires_at > now:
        return
    if offer.status in (AssignmentStatus.offered, AssignmentStatus.expired) \
            and need.taken >= need.slots:
        raise Conflict("slot_full")
    if offer.status in (AssignmentStatus.offered, AssignmentStatus.expired):
        raise Conflict("offer_expired")
    raise Conflict("offer_answered", current=offer.status.value)


def _withdraw_pending(need: Need, now: datetime) -> None:
    """The need is full: the offers still out lapse now (a waitlist offer holds its own slot)."""
    for other in db.session.scalars(select(Assignment).where(
            Assignment.need_id == need.id, Assignment.status == AssignmentStatus.offered,
            Assignment.source != AssignmentSource.waitlist)):
        move_assignment(other, AssignmentStatus.expired)


def accept_offer(user: User, assignment_id: int, key: str | None) -> Assignment:
    """Take the offered slot; the first to accept wins, the rest get 409 slot_full."""
    action = f"accept_offer:{assignment_id}"
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Assignment, done)
    need, offer = _my_offer_locked(user, assignment_id)
    now = clock.now()
    _still_open(need, offer, now)
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id))
    if (reason := refusal_for(need, profile)) is not None:
        raise Conflict(reason)
    if offer.source != AssignmentSource.waitlist:  # a waitlist offer's slot is held already
        take_slot(need)
    move_assignment(offer, AssignmentStatus.accepted)
    offer.responded_at = now
    if need.taken >= need.slots:
        _withdraw_pending(need, now)
    tell_coming(need, user)
    notify(need_staff_id(need), "offer_accepted", f"need:{need.id}", name=user.name,
           title=need.title, taken=need.taken, slots=need.slots)
    audit.record(user.id, "accept_offer", f"assignment:{offer.id}", need_id=need.id)
    return db.session.get(Assignment, idempotency.commit(user.id, key, action, offer.id))


def decline_offer(user: User, assignment_id: int, key: str | None) -> Assignment:
    """Say no to an offer; it passes on to the next candidate at once."""
    action = f"decline_offer:{assignment_id}"
    if (done := idempotency.replayed(user.id, key, action)) is not None:
        return db.session.get(Assignment, done)
    need, offer = _my_offer_locked(user, assignment_id)
    now = clock.now()
    if offer.status != AssignmentStatus.offered:
        raise Conflict("offer_answered", current=offer.status.value)
    let_go(need, offer, AssignmentStatus.declined, now)
    offer.responded_at = now
    pass_on(need, now)
    audit.record(user.id, "decline_offer", f"assignment:{offer.id}", need_id=need.id)
    return db.session.get(Assignment, idempotency.commit(user.id, key, action, offer.id))


def pause_offers(user: User) -> OfferPause:
    """"No more offers today": no new offers until local midnight (pending ones stay)."""
    if db.session.scalar(select(VolunteerProfile.id).where(VolunteerProfile.user_id == user.id)) is None:
        raise InvalidInput("not_a_volunteer")
    day = local_day(clock.now())
    pause = db.session.scalar(select(OfferPause).where(OfferPause.user_id == user.id,
                                                       OfferPause.day == day))
    if pause is None:
        pause = OfferPause(user_id=user.id, day=day, created_at=clock.now())
        db.session.add(pause)
        audit.record(user.id, "pause_offers", f"user:{user.id}", day=day.isoformat())
        db.session.commit()
    return pause


def my_offers(user: User, page: int = 1, per_page: int = 20) -> dict:
    """My offers still open to answer, soonest to lapse first: a page of (offer, need)."""
    return page_of(select(Assignment, Need).join(Need, Need.id == Assignment.need_id)
                   .where(Assignment.user_id == user.id, Assignment.status == AssignmentStatus.offered,
                          Assignment.expires_at > clock.now())
                   .order_by(Assignment.expires_at, Assignment.id), page, per_page, rows=True)


def offer_board(actor: User, need_id: int) -> tuple[Need, dict, list[tuple[Assignment, User]]]:
    """Staff: who was offered the need and how each answered."""
    need = get_need(need_id)
    if not staffs_grid(actor, need.grid):
        raise Forbidden()
    rows = [tuple(r) for r in db.session.execute(
        select(Assignment, User).join(User, User.id == Assignment.user_id)
        .where(Assignment.need_id == need.id).order_by(Assignment.id))]
    counts = rules.board_counts([a.status.value for a, _ in rows])
    records: dict[int, ServiceRecord] = {}  # each assignment's latest record (a correction replaces one)
    for record in db.session.scalars(select(ServiceRecord).where(ServiceRecord.need_id == need.id)
                                     .order_by(ServiceRecord.id)):
        records[record.assignment_id] = record
    return need, counts, rows, records


def nearby_needs(user: User, order: str, page: int, per_page: int) -> tuple[int, list[tuple[Need, float]]]:
    """Open needs near my home that I qualify for; (total, one page of (need, metres))."""
    profile = db.session.scalar(select(VolunteerProfile).where(VolunteerProfile.user_id == user.id)
                                .options(lazyload("*")))  # its skills are read in the query below
    if profile is None:
        raise InvalidInput("not_a_volunteer")
    if profile.status != VolunteerStatus.verified:
        raise Forbidden("volunteer_not_verified")
    now = clock.now()
    home = Point(profile.lat, profile.lng)
    blur_m = current_app.config["NEARBY_BLUR_M"]
    min_lat, max_lat, min_lng, max_lng = bounding_box(home, profile.service_radius_m + blur_m)
    my_skills = select(volunteer_skills.c.skill_id).where(volunteer_skills.c.volunteer_id == profile.id)
    lacks_a_skill = exists().where(need_skills.c.need_id == Need.id,
                                   need_skills.c.skill_id.not_in(my_skills))
    # Full needs too: a volunteer may join their waitlist.
    query = (select(Need).where(
        Need.status.in_((NeedStatus.open, NeedStatus.filled)), Need.lat.between(min_lat, max_lat),
        Need.lng.between(min_lng, max_lng), Need.ends_at > now, ~lacks_a_skill,
        Need.id.not_in(select(Assignment.need_id).where(Assignment.user_id == user.id)))
        .limit(MAX_CANDIDATES))
    is_worker = db.session.scalar(select(SocialWorkerProfile.id).where(
        SocialWorkerProfile.user_id == user.id)) is not None
    if not is_worker:
        query = query.where(Need.needs_social_worker.is_(False))
    found = []
    secret = current_app.config["SECRET_KEY"].encode()
    for need in db.session.scalars(query):
        # Measured to a point near the need, not to the door: moving one's home about finds no one.
        shown = blurred(Point(need.lat, need.lng), secret + b":need:%d" % need.id, blur_m)
        metres = distance_m(home, shown)
        if metres <= min(need.radius_m, profile.service_radius_m):
            found.append((need, metres))
    key = (lambda nm: (nm[1], nm[0].id)) if order == "distance" else (lambda nm: (nm[0].starts_at, nm[0].id))
    found.sort(key=key)
    start = (page - 1) * per_page
    return len(found), found[start:start + per_page]
