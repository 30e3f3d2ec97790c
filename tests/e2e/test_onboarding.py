"""Becoming a volunteer on the phone, from a fresh sign-up: skills, the week, how far, the
home grid, a certificate and consent (in Chinese); the grid manager reviews it in English,
asks for more, then verifies; each screen is compared with what the API says."""
import pytest
from playwright.sync_api import expect

from models import Role
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.conftest import sign_up as _register
from tests.e2e.screen import expect_refusal
from volunteer import create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

EAST = (CENTRE[0], CENTRE[1] + 20_000 / (111_320 * 0.82))  # 20 km east of the other tests' places
API = """async (path) => {
  const r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  return { status: r.status, body: await r.json() };
}"""


def api(page, path):
    answer = page.evaluate(API, path)
    assert answer["status"] == 200, answer
    return answer["body"]


@pytest.fixture(scope="module")
def orchard(live):
    """A grid of its own with its manager, far from the other tests' places."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    world = World(create_app(settings))
    world._phone = 13710000000  # beyond the phones the other files use
    community = world.community(name="果园社区")
    grid = world.grid(community, code="GY-01", centre=EAST, name="果园一网格")
    manager = world.user("韩梅", roles=[(Role.grid_manager, grid, None)])
    return {"community": community, "grid": grid, "manager": manager}


def test_a_fresh_sign_up_applies_declares_a_certificate_and_is_reviewed_by_its_grid(live, phone, orchard):
    page = phone(*EAST).new_page()
    _register(page, "唐晓燕", "13710009001")
    page.locator("#tabs a[href='#/settings']").click()
    page.locator("[data-profile-link]").click()
    page.get_by_role("heading", name="申请成为志愿者").wait_for()
    assert "果园一网格" in page.locator(".grid-picker").inner_text()  # the grid I registered in

    expect_refusal(page, 422, "/me/volunteer-profile")
    page.get_by_role("button", name="提交申请").click()  # nothing chosen: asked for skills
    page.locator("[data-error-for='skills']").get_by_text("请至少选择一项。").wait_for()
    page.get_by_label("就医陪护").check()
    page.get_by_label("健康监测").check()
    page.get_by_role("group", name="周六").get_by_label("上午").check()
    page.get_by_role("group", name="周日").get_by_label("下午").check()
    page.get_by_label("服务范围").select_option("5000")
    page.get_by_role("button", name="提交申请").click()  # no consent yet: asked for it
    page.locator("[data-error-for='consent']").get_by_text("同意服务记录规则").wait_for()
    shot(page, "apply-asks-consent")
    page.get_by_label("我已阅读并同意服务记录规则").check()
    page.get_by_role("button", name="提交申请").click()
    page.get_by_role("heading", name="我的志愿者资料").wait_for()

    mine = api(page, "/me/volunteer-profile")
    assert mine["status"] == "pending" and mine["home_grid_id"] == orchard["grid"]
    assert sorted(mine["skills"]) == ["health_checks", "medical_escort"]
    assert mine["availability"] == [{"weekday": 5, "start": "08:00", "end": "12:00"},
                                    {"weekday": 6, "start": "14:00", "end": "18:00"}]
    assert mine["service_radius_m"] == 5000 and mine["consented_at"]
    assert page.locator("[data-standing]").get_attribute("data-standing") == mine["status"]
    assert "待审核" in page.locator("[data-standing]").inner_text()
    assert page.get_by_role("group", name="周六").get_by_label("上午").is_checked()

    certificates = page.locator("[data-certificates]")
    certificates.get_by_label("证书对应的服务").select_option("health_checks")
    certificates.get_by_label("证书编号").fill("JK-2026-118")
    certificates.get_by_label("发证日期").fill("2026-03-01")
    certificates.get_by_label("有效期至").fill("2027-02-28")
    certificates.get_by_role("button", name="添加证书").click()
    page.locator("[data-certificate]").first.wait_for()
    [cert] = api(page, "/me/volunteer-profile")["certifications"]
    row = page.locator(f"[data-certificate='{cert['id']}']")
    expect(row).to_contain_text("JK-2026-118")
    assert cert["checked"] is False and "待核验" in row.inner_text() and cert["expires_on"] in row.inner_text()
    shot(page, "apply-sent-with-certificate")

    staff = phone(*EAST).new_page()
    sign_in(staff, orchard["manager"]["phone"])
    staff.locator("#lang-toggle").click()
    staff.wait_for_function("() => document.documentElement.lang === 'en'")
    staff.locator("#tabs a[href='#/queue']").click()
    staff.locator("[data-review-link]").click()
    queue = api(staff, "/volunteers?to_review=true")
    entry = next(v for v in queue["items"] if v["name"] == "唐晓燕")
    card = staff.locator(f"[data-volunteer='{entry['user_id']}']")
    card.wait_for()
    assert staff.locator("[data-total]").get_attribute("data-total") == str(queue["total"])
    assert entry["phone"] == "137****9001" and entry["phone"] in card.inner_text()
    assert "13710009001" not in staff.content()
    for words in ("Escort to the doctor", "Basic health checks", "JK-2026-118", "Not yet seen", "Waiting for review"):
        assert words in card.inner_text(), words
    card.get_by_role("button", name="Ask for more").click()
    card.get_by_label("What is needed").fill("请补充身份证复印件")
    card.get_by_role("button", name="Send").click()
    expect(card).to_have_count(0)  # waiting on the applicant now, not on staff
    shot(staff, "review-asked-for-more-en")

    page.reload()
    page.get_by_role("heading", name="我的志愿者资料").wait_for()
    mine = api(page, "/me/volunteer-profile")
    assert (mine["status"], mine["review_note"]) == ("more_info", "请补充身份证复印件")
    assert page.locator("[data-review-note]").inner_text() == f"审核意见：{mine['review_note']}"
    notes = api(page, "/me/notifications")["items"]
    assert notes[0]["kind"] == "volunteer_more_info" and "请补充身份证复印件" in notes[0]["body"]
    page.get_by_role("button", name="保存资料").click()  # saved again: applied again
    page.locator("[data-standing='pending']").wait_for()

    staff.reload()
    staff.locator(f"[data-volunteer='{entry['user_id']}']").get_by_role("button", name="Verify").click()
    expect(staff.locator(f"[data-volunteer='{entry['user_id']}']")).to_have_count(0)
    page.reload()
    page.locator("[data-standing='verified']").wait_for()
    mine = api(page, "/me/volunteer-profile")
    assert mine["status"] == "verified" and [c["checked"] for c in mine["certifications"]] == [True]
    assert "已核验" in page.locator(f"[data-certificate='{cert['id']}']").inner_text()
    shot(page, "volunteer-verified")


def test_staff_give_a_forgotten_password_a_temporary_one_that_only_opens_choosing_a_new_one(live, phone, orchard):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    world = World(create_app(settings))
    world._phone = 13710000500
    forgetful = world.volunteer(orchard["grid"], name="白露", skills=("cleaning",))
    staff = phone(*EAST).new_page()
    sign_in(staff, orchard["manager"]["phone"])
    staff.goto("/#/volunteers")
    staff.get_by_role("button", name="花名册").click()
    card = staff.locator(f"[data-volunteer='{forgetful['id']}']")
    card.get_by_role("button", name="重置密码").click()
    assert "确认为 白露 重置密码？" in card.inner_text()
    with staff.expect_response("**/password-reset") as answer:
        card.get_by_role("button", name="确认重置").click()
    issued = answer.value.json()
    shown = card.locator("[data-temporary-password]")
    shown.wait_for()
    assert shown.inner_text() == issued["temporary_password"]
    shot(staff, "password-reset-shown")

    page = phone(*EAST).new_page()
    page.goto("/")
    page.get_by_label("手机号").fill(forgetful["phone"])
    page.get_by_label("密码").fill(issued["temporary_password"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_role("heading", name="设置新密码").wait_for()
    assert api(page, "/me")["user"]["must_change_password"] is True
    page.get_by_role("link", name="附近").click()  # nothing else opens until a new one is chosen
    page.locator("[data-must-change]").wait_for()
    shot(page, "password-choose-new")
    page.get_by_label("当前密码").fill(issued["temporary_password"])
    page.get_by_label("新密码").fill("my-own-pass-2026")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_function("() => !location.hash.startsWith('#/settings')")
    assert api(page, "/me")["user"]["must_change_password"] is False


def test_applying_in_english_says_what_is_missing_and_where_it_stands(live, phone, orchard):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    world = World(create_app(settings))
    world._phone = 13710000700
    person = world.user("Lin Mei", roles=[(Role.resident, orchard["grid"], None)])
    page = phone(*EAST).new_page()
    sign_in(page, person["phone"])
    page.locator("#lang-toggle").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.locator("#tabs a[href='#/settings']").click()
    page.get_by_role("link", name="Become a volunteer").click()
    page.get_by_role("heading", name="Become a volunteer").wait_for()
    page.get_by_label("Smartphone help").check()
    page.get_by_role("group", name="Wed").get_by_label("Evening").check()
    expect_refusal(page, 422, "/me/volunteer-profile")
    page.get_by_role("button", name="Apply").click()
    page.locator("[data-error-for='consent']").get_by_text("Agree to the service-record rules to apply.").wait_for()
    page.get_by_label("I have read and agree to the service-record rules").check()
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="My volunteer profile").wait_for()
    mine = api(page, "/me/volunteer-profile")
    assert (mine["status"], mine["skills"]) == ("pending", ["digital_help"])
    assert mine["availability"] == [{"weekday": 2, "start": "18:00", "end": "21:00"}]
    standing = page.locator("[data-standing]")
    assert standing.get_attribute("data-standing") == mine["status"]
    assert "Waiting for review" in standing.inner_text()
    shot(page, "apply-en")
