"""A funded project on the phone, in Chinese and in English: a social worker sets it up,
puts a served need under it, reads its progress against the targets as the API computes
it, issues the evaluation pack, and anyone opens its verification page."""
from datetime import timedelta

import pytest

from models import Role, User, db
from models.needs import Urgency
from tests.conftest import CENTRE, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, api_as, app_over, shot, sign_in, to_english
from volunteer import clock

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

SOUTH = (CENTRE[0] - 20_000 / 111_320, CENTRE[1])  # 20 km south of the other tests' places
AT = {"lat": SOUTH[0], "lng": SOUTH[1], "crs": "wgs84"}
WORDS = {
    "zh": {"create": "建立项目", "add": "归入", "issue": "出具评估包", "meter": "{label}：{value} / 目标 {target}",
           "people": "服务对象（人）", "hours": "确认时长（小时）", "matches": "服务记录与评估包内容一致"},
    "en": {"create": "Create the project", "add": "Put under the project", "issue": "Issue the pack",
           "meter": "{label}: {value} of {target}", "people": "People served", "hours": "Confirmed hours",
           "matches": "The service records still match the pack"},
}


@pytest.fixture(scope="module")
def southside(live):
    """A community of its own: a social worker, a verified organisation, a resident."""
    app = app_over(live)
    world = World(app)
    world._phone = 13760000000  # beyond the phones the other files use
    community = world.community(name="南湖社区")
    grid = world.grid(community, code="NH-01", centre=SOUTH, name="南湖一网格")
    worker = world.social_worker(community, grid, name="林芳")
    resident = world.user("许奶奶", roles=[(Role.resident, grid, None)])
    leader = world.volunteer(grid, name="葛亮", offset_m=(-20_000, 0))
    from volunteer.organisations import services as organisations
    with app.app_context():
        sw = db.session.get(User, worker["id"])
        org = organisations.register(sw, "南湖为老服务社", "social_organisation", "葛亮", "13800008888", [community],
                                     db.session.get(User, leader["id"]).phone)
        organisations.verify(sw, org.id)
        db.engine.dispose()
    return {"app": app, "world": world, "grid": grid, "worker": worker, "resident": resident}


def _served_need(southside, name) -> int:
    """A need of the resident served for 1.5 hours earlier today and confirmed."""
    from volunteer.assignments.services import assign, check_in, check_out
    from volunteer.hours.services import confirm
    from volunteer.needs.services import create_need
    volunteer = southside["world"].volunteer(southside["grid"], skills=("shopping_errands",), name=name,
                                             offset_m=(-20_000, 0))
    begin = clock.now().replace(microsecond=0) - timedelta(hours=3)
    with southside["app"].app_context():
        worker, person = db.session.get(User, southside["worker"]["id"]), db.session.get(User, volunteer["id"])
        with clock.freeze(begin):
            need = create_need(worker, title=f"代买药品{name}", skills=["shopping_errands"], urgency=Urgency.normal,
                               starts_at=begin + timedelta(minutes=5), ends_at=begin + timedelta(hours=2),
                               grid_id=southside["grid"], position=AT, resident_id=southside["resident"]["id"])
            assignment_id = assign(worker, need.id, volunteer["id"]).id
        with clock.freeze(begin + timedelta(minutes=10)):
            check_in(person, assignment_id, AT, None)
        with clock.freeze(begin + timedelta(minutes=100)):
            record_id = check_out(person, assignment_id, AT, "代买药品", None).id
        confirm(db.session.get(User, southside["worker"]["id"]), record_id)
        need_id = need.id
        db.engine.dispose()
    return need_id



@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_project_is_set_up_followed_and_its_pack_verified_by_anyone(live, phone, browser, southside, lang):
    words = WORDS[lang]
    need_id = _served_need(southside, "蒋明" if lang == "zh" else "韦华")
    staff = phone(*SOUTH).new_page()
    sign_in(staff, southside["worker"]["phone"])
    if lang == "en":
        to_english(staff)
    staff.locator("#tabs a[href='#/settings']").click()
    staff.locator("[data-projects-link]").click()
    form = staff.locator("[data-new-project]")
    form.wait_for()
    form.locator("input[name='name']").fill(f"居家养老服务{lang}")
    form.locator("input[name='funder']").fill("某区民政局")
    form.locator("input[name='starts_on']").fill("2026-01-01")
    form.locator("input[name='ends_on']").fill("2027-12-31")
    form.locator("input[name='budget']").fill("120000")
    form.locator("input[name='target_people']").fill("4")
    form.locator("input[name='target_hours']").fill("6")
    form.get_by_role("button", name=words["create"]).click()
    staff.wait_for_url("**/#/projects/*")
    project_id = int(staff.url.rsplit("/", 1)[1])
    staff.locator("[data-add-need] select").select_option(str(need_id))
    staff.get_by_role("button", name=words["add"]).click()
    staff.locator("[data-meter='hours'][data-value='1.5']").wait_for()
    project = api_as(staff, f"/projects/{project_id}", lang)
    assert (project["progress"]["people"], project["progress"]["hours"]) == (1, 1.5)
    people = staff.locator("[data-meter='people'] p").inner_text()
    assert people == words["meter"].format(label=words["people"], value=project["progress"]["people"],
                                           target=project["targets"]["people"])
    hours = staff.locator("[data-meter='hours'] p").inner_text()
    assert hours == words["meter"].format(label=words["hours"], value=project["progress"]["hours"],
                                          target=project["targets"]["hours"])
    staff.get_by_role("button", name=words["issue"]).click()
    pack = staff.locator("[data-pack]")
    pack.wait_for()
    number = pack.get_attribute("data-pack")
    content = api_as(staff, f"/evaluation-packs/{number}", lang)
    assert [e["need_id"] for e in content["entries"]] == [need_id]
    assert pack.locator("[data-head]").inner_text() == content["head_hash"]
    shot(staff, f"project-pack-{lang}")

    anyone = browser.new_context(viewport={"width": 360, "height": 640}, locale="zh-CN" if lang == "zh" else "en")
    try:  # not signed in, in their own language
        reader = anyone.new_page()
        reader.goto(pack.locator("[data-verify-link]").get_attribute("href"))
        shown = reader.locator("main").inner_text()
        assert words["matches"] in shown and content["head_hash"] in shown
    finally:
        anyone.close()
