"""Simultaneous first writes of one unique thing give one success and clean answers, never a 5xx."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from models import Role, User, VolunteerProfile, db
from tests.conftest import CENTRE, PRIVACY


def test_ten_simultaneous_registrations_of_one_phone_make_one_account(app, home_grid):
    def register(i):
        r = app.test_client().post("/api/v1/auth/register", json={
            "phone": "13912345678", "password": "secret123", "name": f"张{'伟芳娜敏静'[i % 5]}",
            "grid_id": home_grid, "privacy_version": PRIVACY})
        return r.status_code, r.get_json()

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(register, range(10)))

    assert [s for s, _ in results] == [202] * 10, results  # each the same answer: none says who won
    assert all(body == results[0][1] for _, body in results)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.phone == "13912345678")) == 1


def test_simultaneous_first_saves_of_a_volunteer_profile_make_one_profile(app, world, place):
    person = world.user("陈静", roles=[(Role.resident, place["grid_id"], None)])
    body = {"position": {"lat": CENTRE[0], "lng": CENTRE[1]}, "skills": ["elder_daily_care"],
            "availability": [{"weekday": 1, "start": "09:00", "end": "12:00"}], "on_duty": True,
            "service_radius_m": 3000, "home_grid_id": place["grid_id"], "consent": True}

    def save(_):
        r = app.test_client().put("/api/v1/me/volunteer-profile", json=body, headers=person["headers"])
        return r.status_code, r.get_json()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(save, range(8)))

    assert {s for s, _ in results} == {200}, results
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VolunteerProfile)
                                 .where(VolunteerProfile.user_id == person["id"])) == 1
        assert [r.role for r in db.session.get(User, person["id"]).roles].count(Role.volunteer) == 1
