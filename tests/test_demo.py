"""The demo street: made once, real-looking, and true to the rules the services keep."""
import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from models import (
    Community, Grid, HoursEntry, Need, Role, ServiceRecord, SocialWorkerProfile, StarAward, User,
    UserRole, VolunteerProfile, db,
)
from models.assignments import HOLDS_SLOT, Assignment
from models.needs import NeedStatus
from models.places import CommunityKind
from models.records import RecordStatus
from volunteer import clock
from volunteer.accounts.services import authenticate
from volunteer.demo import LOGINS, OPEN_NEEDS, PASSWORD, seed
from volunteer.geo import Point, distance_m
from volunteer.hours import rules
from volunteer.hours.services import configured_ladder

CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@pytest.fixture
def demo(app):
    with app.app_context():
        assert seed(volunteers=200) is True
    return app


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_a_second_time_adds_nothing(demo):
    with demo.app_context():
        before = (count(User), count(Need), count(ServiceRecord))
        assert seed(volunteers=200) is False
        assert (count(User), count(Need), count(ServiceRecord)) == before


def test_the_demo_is_never_made_on_a_database_with_real_accounts(app, world):
    world.user("真实用户")
    result = app.test_cli_runner().invoke(args=["seed-demo", "--volunteers", "200"])
    assert result.exit_code != 0 and "demo1234" in result.output and "empty database" in result.output
    with app.app_context():
        assert count(User) == 1 and db.session.scalar(select(func.count()).select_from(Need)) == 0


def test_too_few_volunteers_is_refused(app):
    with app.app_context():
        with pytest.raises(ValueError):
            seed(volunteers=50)
        assert count(User) == 0


def test_places_are_two_urban_communities_and_a_village(demo):
    with demo.app_context():
        communities = list(db.session.scalars(select(Community)))
        kinds = sorted(c.kind for c in communities)
        assert kinds == [CommunityKind.rural, CommunityKind.urban, CommunityKind.urban]
        for community in communities:
            assert 2.6 <= community.residents / community.households <= 3.0
            assert community.households == sum(g.households for g in community.grids)


def test_grids_are_300_to_500_households_with_a_manager_close_together(demo):
    with demo.app_context():
        grids = list(db.session.scalars(select(Grid)))
        assert len(grids) >= 12
        for grid in grids:
            assert 300 <= grid.households <= 500
            manager = db.session.get(User, grid.manager_id)
            assert any(r.role == Role.grid_manager and r.grid_id == grid.id for r in manager.roles)
            assert 34.7 < grid.centre_lat < 35.0 and 113.6 < grid.centre_lng < 113.8
            for neighbour in grid.community.grids:
                assert distance_m(centre(grid), centre(neighbour)) < 1000


def centre(grid: Grid) -> Point:
    return Point(grid.centre_lat, grid.centre_lng)


def test_people_have_chinese_names_and_unique_mobiles(demo):
    with demo.app_context():
        users = list(db.session.scalars(select(User)))
        assert all(CHINESE_NAME.match(u.name) for u in users), [u.name for u in users][:5]
        assert all(MOBILE.match(u.phone) for u in users)
        assert len({u.phone for u in users}) == len(users)


def test_volunteers_live_near_their_grid_and_social_workers_are_licensed(demo):
    with demo.app_context():
        profiles = list(db.session.scalars(select(VolunteerProfile)))
        assert len(profiles) >= 200
        for profile in profiles:
            grid = db.session.get(Grid, profile.home_grid_id)
            assert distance_m(Point(profile.lat, profile.lng), centre(grid)) <= 650
            assert profile.skills and profile.availability
        workers = list(db.session.scalars(select(SocialWorkerProfile)))
        assert len(workers) == 3
        assert {w.licence_level.value for w in workers} == {"assistant", "intermediate", "senior"}
        for worker in workers:
            assert worker.specialties and all(s.needs_social_worker for s in worker.specialties)
            assert db.session.scalar(
                select(VolunteerProfile).where(VolunteerProfile.user_id == worker.user_id))


def test_general_volunteers_hold_no_social_work_skills(demo):
    with demo.app_context():
        workers = set(db.session.scalars(select(SocialWorkerProfile.user_id)))
        for profile in db.session.scalars(select(VolunteerProfile)):
            if profile.user_id not in workers:
                assert not any(s.needs_social_worker for s in profile.skills)


@pytest.mark.parametrize("label, phone, name", LOGINS)
def test_every_demo_login_signs_in(demo, label, phone, name):
    with demo.app_context():
        user = authenticate(phone, PASSWORD)
        assert user.name == name
        assert user.roles


def test_logins_cover_every_kind_of_user(demo):
    with demo.app_context():
        roles = set()
        for _, phone, _ in LOGINS:
            user = db.session.scalar(select(User).where(User.phone == phone))
            roles |= {(r.role, r.grid_id is None and r.community_id is None) for r in user.roles}
        assert (Role.admin, True) in roles
        assert {r for r, _ in roles} >= set(Role)


def test_star_level_follows_confirmed_hours(demo):
    with demo.app_context():
        ladder = configured_ladder()
        hours = defaultdict(Decimal)
        for entry in db.session.scalars(select(HoursEntry)):
            hours[entry.volunteer_id] += entry.hours
        profiles = list(db.session.scalars(select(VolunteerProfile)))
        for profile in profiles:
            assert profile.star_level == rules.star_level(hours[profile.user_id], ladder)
            awards = db.session.scalars(
                select(StarAward.level).where(StarAward.volunteer_id == profile.user_id))
            assert sorted(awards) == list(range(1, profile.star_level + 1))
        assert any(p.star_level >= 1 for p in profiles)


def test_every_verified_record_has_one_hours_entry(demo):
    with demo.app_context():
        verified = set(db.session.scalars(
            select(ServiceRecord.id).where(ServiceRecord.status == RecordStatus.verified)))
        entries = list(db.session.scalars(select(HoursEntry.record_id)))
        assert verified and sorted(entries) == sorted(verified)


def test_needs_count_their_taken_slots(demo):
    with demo.app_context():
        for need in db.session.scalars(select(Need)):
            holding = db.session.scalar(select(func.count()).select_from(Assignment).where(
                Assignment.need_id == need.id, Assignment.status.in_(HOLDS_SLOT)))
            assert need.taken == holding <= need.slots
            if need.status == NeedStatus.completed:
                assert need.ends_at < clock.now()


def test_open_needs_are_in_the_coming_days_in_local_daytime(demo):
    with demo.app_context():
        needs = list(db.session.scalars(select(Need).where(Need.status == NeedStatus.open)))
        assert len(needs) >= 3
        for need in needs:
            assert need.starts_at > clock.now()
            assert 7 <= clock.local(need.starts_at).hour < 19
            assert need.address != need.public_place
        residents = set(db.session.scalars(
            select(UserRole.user_id).where(UserRole.role == Role.resident)))
        assert all(n.resident_id in residents for n in needs if n.request_id is not None)


# Monday 30 November 2026 to Sunday 6 December, at hours that cross a local or a UTC midnight.
SEEDED_AT = [datetime(2026, 11, 30, hour, minute, tzinfo=clock.LOCAL) + timedelta(days=day)
             for day in range(7) for hour, minute in ((0, 30), (8, 0), (16, 45), (23, 30))]


@pytest.mark.parametrize("moment", SEEDED_AT, ids=lambda m: m.strftime("%a-%H%M"))
def test_the_demo_makes_sense_whenever_it_is_seeded(app, moment):
    """Every open need lies ahead, in local daytime, and someone can serve it."""
    from volunteer.matching.services import find_candidates

    with clock.freeze(moment.astimezone(timezone.utc)), app.app_context():
        assert seed(volunteers=200) is True
        open_needs = db.session.scalars(select(Need).where(Need.status == NeedStatus.open)).all()
        assert len([n for n in open_needs if n.activity_id is None]) == len(OPEN_NEEDS)
        assert len([n for n in open_needs if n.activity_id is not None]) == 2  # the activity's two sessions
        for need in open_needs:
            starts = clock.local(need.starts_at)
            assert need.starts_at > clock.now() + timedelta(hours=8), need.title
            assert 7 <= starts.hour < 19, need.title
            assert find_candidates(need), f"{need.title} on {starts:%a %H:%M}"
        weekend_study = next(n for n in open_needs if n.title == "留守儿童周末学业辅导")
        assert clock.local(weekend_study.starts_at).weekday() == 5


def test_the_demo_has_organisations_a_team_an_activity_a_project_and_boards(demo):
    from models import Activity, ActivitySignup, Organisation, OrganisationMember, Project, PublicBoard
    from volunteer.organisations.rules import is_credit_code
    from volunteer.organisations.services import team_hours
    from volunteer.projects.services import progress

    with demo.app_context():
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.id)).all()
        assert [o.kind.value for o in orgs] == ["social_organisation", "volunteer_team", "resident_unit"]
        assert all(is_credit_code(o.credit_code) for o in orgs if o.credit_code)
        team = orgs[1]
        members = db.session.scalars(select(OrganisationMember).where(OrganisationMember.organisation_id == team.id)).all()
        assert sorted(m.status.value for m in members).count("active") == 7 and [
            m.status.value for m in members].count("applied") == 1
        leader = next(m for m in members if m.role.value == "leader")
        assert leader.user.phone == next(phone for role, phone, _ in LOGINS if role == "志愿者")
        assert team_hours(team.id) > 0  # its members' services in the community were served with it
        activity = db.session.scalar(select(Activity))
        assert len(activity.sessions) == 2 and activity.organisation_id == team.id
        assert sorted(s.status.value for s in db.session.scalars(select(ActivitySignup))) == ["applied", "approved", "approved"]
        project = db.session.scalar(select(Project))
        figures = progress(project.id)
        assert figures["services"] > 0 and figures["hours"] > 0 and figures["people"] > 0
        assert db.session.query(PublicBoard).count() == 3 + 13  # 3 communities, 13 grids


def test_communities_have_rewards_and_trainings_that_show_in_records(demo):
    from models import Reward, Training, TrainingAttendance
    from volunteer.records.services import volunteer_record

    with demo.app_context():
        assert count(Reward) == 12 and count(Training) == 9
        attendee = db.session.scalars(select(TrainingAttendance.volunteer_id)).first()
        assert volunteer_record(attendee)["training"]


def test_staff_find_requests_waiting_in_their_queue(demo):
    from models import HelpRequest
    from models.needs import RequestStatus

    with demo.app_context():
        waiting = db.session.scalars(select(HelpRequest).where(HelpRequest.status == RequestStatus.submitted)).all()
        assert len(waiting) == 3 and all(r.need is None for r in waiting)
