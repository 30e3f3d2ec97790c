"""Activities on the phone, in Chinese and in English: a social worker publishes one with
two sessions, a question and approved sign-up; anyone opens its public page with the QR;
a volunteer applies answering the question; the organiser approves; the places left on
each screen are what the API says."""
import pytest

from tests.conftest import CENTRE, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, api_as, app_over, shot, sign_in, to_english

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

WEST = (CENTRE[0], CENTRE[1] - 20_000 / (111_320 * 0.82))  # 20 km west of the other tests' places
WORDS = {
    "zh": {"publish": "发布活动", "add": "再加一场", "apply": "申请报名", "applied": "待审核", "approve": "通过",
           "approved": "已报名", "left": "剩余 {left}/{slots} 个名额", "mode": "报名审核"},
    "en": {"publish": "Publish an activity", "add": "Add a session", "apply": "Apply", "applied": "Applied",
           "approve": "Approve", "approved": "Signed up", "left": "{left} of {slots} places left", "mode": "Approved sign-up"},
}


@pytest.fixture(scope="module")
def lakeside(live):
    world = World(app_over(live))
    world._phone = 13750000000  # beyond the phones the other files use
    community = world.community(name="湖滨社区")
    grid = world.grid(community, code="HB-01", centre=WEST, name="湖滨一网格")
    worker = world.social_worker(community, grid, name="江燕")
    west_m = (0, -20_000)
    volunteers = {lang: world.volunteer(grid, name=name, offset_m=west_m) for lang, name in (("zh", "秦川"), ("en", "楚云"))}
    return {"world": world, "community": community, "grid": grid, "worker": worker, "volunteers": volunteers}




@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_activity_is_published_shared_applied_for_and_approved(live, phone, browser, lakeside, lang):
    words = WORDS[lang]
    staff = phone(*WEST).new_page()
    sign_in(staff, lakeside["worker"]["phone"])
    if lang == "en":
        to_english(staff)
    staff.locator("#tabs a[href='#/settings']").click()
    staff.locator("[data-activities-link]").click()
    form = staff.locator("[data-publish-activity]")
    form.wait_for()
    form.locator("input[name='title']").fill(f"湖滨健步走{lang}")
    form.locator("select[name='mode']").select_option("approval")
    form.locator("textarea[name='questions']").fill("是否会急救？")
    form.get_by_role("button", name=words["add"]).click()
    form.locator("input[name='sessions.1.slots']").fill("3")
    form.get_by_role("button", name=words["publish"]).first.click()
    staff.wait_for_url("**/#/activities/*")
    activity_id = int(staff.url.rsplit("/", 1)[1])
    made = api_as(staff, f"/activities/{activity_id}", lang)
    assert [s["slots"] for s in made["sessions"]] == [5, 3] and made["questions"] == ["是否会急救？"]
    link = staff.locator("[data-short-link]")
    assert link.get_attribute("href") == made["path"] and made["path"] in link.inner_text()
    shot(staff, f"activity-published-{lang}")

    anonymous = browser.new_context(viewport={"width": 360, "height": 640}, base_url=live["base"],
                                    locale="zh-CN" if lang == "zh" else "en")
    try:
        public = anonymous.new_page()
        public.goto(made["path"])
        shown = public.evaluate(f"fetch('/api/v1/public/activities/{made['slug']}').then((r) => r.json())")
        items = public.locator("#sessions li")
        assert items.count() == len(shown["sessions"]) == 2
        for i, session in enumerate(shown["sessions"]):
            assert words["left"].format(left=session["left"], slots=session["slots"]) in items.nth(i).inner_text()
        assert public.locator(".qr svg").count() == 1 and made["path"] in public.locator("#short-link").inner_text()
        public.screenshot(path=f"tests/e2e/artifacts/activity-public-{lang}.png", full_page=True)
    finally:
        anonymous.close()

    person = lakeside["volunteers"][lang]
    volunteer = phone(*WEST).new_page()
    sign_in(volunteer, person["phone"])
    if lang == "en":
        to_english(volunteer)
    volunteer.goto(f"/#/activities/{activity_id}")
    first = made["sessions"][0]["need_id"]
    session = volunteer.locator(f"[data-session='{first}']")
    session.locator("[data-answer='0']").fill("会，持红十字证")
    session.get_by_role("button", name=words["apply"]).click()
    session.get_by_text(words["applied"], exact=True).wait_for()
    shot(volunteer, f"activity-applied-{lang}")

    staff.reload()
    signups = api_as(staff, f"/activities/{activity_id}/signups", lang)
    entry = signups["items"][0]
    row = staff.locator(f"[data-signup='{entry['id']}']")
    assert entry["answers"] == ["会，持红十字证"] and "会，持红十字证" in row.inner_text()
    assert row.locator("[data-phone]").inner_text() == entry["phone"]
    row.get_by_role("button", name=words["approve"], exact=True).click()
    row.get_by_text(words["approved"], exact=True).wait_for()

    volunteer.reload()
    session = volunteer.locator(f"[data-session='{first}']")
    session.get_by_text(words["approved"], exact=True).wait_for()
    now = api_as(volunteer, f"/activities/{activity_id}", lang)["sessions"][0]
    assert now["left"] == 4
    assert session.locator("[data-left]").get_attribute("data-left") == str(now["left"])
    assert session.locator("[data-left]").inner_text() == words["left"].format(left=now["left"], slots=now["slots"])
    shot(volunteer, f"activity-approved-{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_teams_leader_publishes_for_the_team(live, phone, lakeside, lang):
    from models import User, db
    from volunteer.organisations import services as organisations
    world = lakeside["world"]
    world._phone = 13750005000 + (0 if lang == "zh" else 100)
    leader = world.volunteer(lakeside["grid"], name="邵峰" if lang == "zh" else "齐鸣", offset_m=(0, -20_000))
    with world.ctx():
        worker = db.session.get(User, lakeside["worker"]["id"])
        org = organisations.register(worker, f"湖滨青年服务队{lang}", "volunteer_team", "邵峰", "13800009999",
                                     [lakeside["community"]], db.session.get(User, leader["id"]).phone)
        organisations.verify(worker, org.id)
        org_id = org.id
    page = phone(*WEST).new_page()
    sign_in(page, leader["phone"])
    if lang == "en":
        to_english(page)
    page.goto("/#/activities")
    form = page.locator("[data-publish-activity]")
    form.wait_for()
    assert form.locator("select[name='organisation_id']").input_value() == str(org_id)
    form.locator("input[name='title']").fill(f"湖滨河道清洁{lang}")
    form.get_by_role("button", name=WORDS[lang]["publish"]).first.click()
    page.wait_for_url("**/#/activities/*")
    made = api_as(page, f"/activities/{int(page.url.rsplit('/', 1)[1])}", lang)
    assert (made["organisation_id"], made["organiser"], made["organises"]) == (org_id, f"湖滨青年服务队{lang}", True)
    assert page.locator("[data-organiser]").inner_text() == made["organiser"]
    shot(page, f"activity-by-team-{lang}")
