"""Who a service is for, on the phone: the social worker tags a need made from a request,
the need's screen and the dashboard show it as the API counts it (both languages); a
volunteer says they report as a party member on their profile."""
import pytest

from models import User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from volunteer import create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
API = """async ([path, lang]) => {
  const r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json', 'Accept-Language': lang },
    credentials: 'same-origin' });
  return r.json();
}"""
WORDS = {"zh": {"make_need": "转为需求", "pick": "选择服务对象（可不选）", "publish": "发布需求", "dashboard": "看板"},
         "en": {"make_need": "Make a need", "pick": "Choose who it is for (optional)", "publish": "Publish need",
                "dashboard": "Dashboard"}}


def _app(live):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    return create_app(settings)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_need_tagged_for_the_empty_nest_elderly_shows_so_on_its_screen_and_the_dashboard(live, phone, lang):
    words = WORDS[lang]
    with _app(live).app_context():
        from volunteer.needs.services import submit_request

        resident = db.session.get(User, live["resident"]["id"])
        request_id = submit_request(resident, "独居老人，想请人陪着聊聊天", "黄河路社区5号院1号楼302",
                                    {"lat": CENTRE[0], "lng": CENTRE[1], "crs": "wgs84"}, Urgency.normal).id
        db.engine.dispose()
    page = phone().new_page()
    sign_in(page, live["worker"]["phone"])
    if lang == "en":
        page.locator("#lang-toggle").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
    card = page.locator(f"[data-request='{request_id}']")
    card.get_by_role("button", name=words["make_need"]).wait_for()
    page.wait_for_load_state("networkidle")
    card.get_by_role("button", name=words["make_need"]).click()
    card.get_by_text(words["pick"]).click()
    card.locator("input[name='served'][value='empty_nest_elderly']").check()
    card.locator("input[name='skills'][value='emotional_comfort']").check()
    title = card.get_by_label("需求标题" if lang == "zh" else "Title")
    title.fill("陪老人聊天")
    card.get_by_role("button", name=words["publish"]).click()
    page.locator("[data-need-id]").wait_for()
    need_id = int(page.locator("[data-need-id]").get_attribute("data-need-id"))
    need = page.evaluate(API, [f"/needs/{need_id}", lang])
    assert need["served_groups"] == ["empty_nest_elderly"]
    groups = {g["code"]: g for g in page.evaluate(API, ["/served-groups", lang])}
    chip = page.locator("[data-need-id] [data-served='empty_nest_elderly']")
    assert chip.inner_text() == groups["empty_nest_elderly"]["name_zh" if lang == "zh" else "name_en"]
    shot(page, f"need-served-group-{lang}")

    page.locator("#tabs a[href='#/dashboard']").click()
    row = page.locator("[data-served-groups] [data-group='empty_nest_elderly']")
    row.wait_for()
    board = page.evaluate(API, ["/dashboard", lang])
    figures = next(g for g in board["served_groups"] if g["code"] == "empty_nest_elderly")
    name = figures["name_zh"] if lang == "zh" else figures["name_en"]
    expected = (f"{name}：{figures['needs']} 项需求，{figures['hours']} 小时" if lang == "zh"
                else f"{name}: {figures['needs']} needs, {figures['hours']} h")
    assert row.inner_text() == expected
    party = page.locator("[data-party]")
    assert party.get_attribute("data-party") == str(board["party_members"]["volunteers"])
    shot(page, f"dashboard-served-groups-{lang}")


def test_a_volunteer_reports_as_a_party_member_from_their_profile(live, phone):
    world = World(_app(live))
    world._phone = 13720000000  # beyond the phones the other files use
    volunteer = world.volunteer(live["grid_id"], name="党员丙", skills=("cleaning",))
    page = phone().new_page()
    sign_in(page, volunteer["phone"])
    page.get_by_role("link", name="我的", exact=True).click()
    page.locator("[data-profile-link]").click()
    page.get_by_role("heading", name="我的志愿者资料").wait_for()
    page.get_by_label("我是在职党员，到社区报到").check()
    page.get_by_label("工作单位").fill("市自来水公司")
    page.get_by_role("button", name="保存资料").click()
    page.get_by_text("资料已保存。").first.wait_for()
    mine = page.evaluate(API, ["/me/volunteer-profile", "zh-CN"])
    assert (mine["party_member"], mine["party_unit"]) == (True, "市自来水公司")
    page.get_by_role("heading", name="我的志愿者资料").wait_for()
    assert page.get_by_label("我是在职党员，到社区报到").is_checked()
    assert page.get_by_label("工作单位").input_value() == mine["party_unit"]
    shot(page, "profile-party-member")
