"""A brand-new resident places themselves in their grid and asks for help; the request
reaches that grid's staff and no one else's. Once from a fresh sign-up with the grids near
the phone (in Chinese), once from an account with no grid picking from the list (in English)."""
import json
import urllib.request

import pytest

from models import Role
from tests.conftest import CENTRE, TestConfig, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from tests.e2e.screen import check_screen, expect_refusal
from volunteer import create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

SOUTH = CENTRE[0] - 16_000 / 111_320  # 16 km south of the other tests' places
FIRST, SECOND = (SOUTH, CENTRE[1]), (SOUTH + 0.01, CENTRE[1])  # 1.1 km apart
PHONE_AT = (SOUTH + 0.0073, CENTRE[1])  # 300 m from the second grid, 810 m from the first
PASSWORD = "a-long-pass"

WORDS = {
    "zh": {"register": "没有账号？注册", "name": "真实姓名", "phone": "手机号", "password": "密码",
           "submit": "注册并登录", "near": "找我附近的网格", "metres": "距此 {m} 米", "list": "从社区列表中选择",
           "community": "社区", "kind": "买菜代办", "next": "下一步", "here": "我现在的位置",
           "position_set": "已获取位置。", "address": "门牌地址", "asap": "尽快（紧急）", "send": "提交求助",
           "choose": "请先选择您所在的网格。", "consent": "我已阅读并同意《个人信息保护说明》"},
    "en": {"register": "No account? Register", "name": "Real name", "phone": "Mobile number",
           "password": "Password", "submit": "Register and sign in", "near": "Find grids near me",
           "metres": "{m} m from here", "list": "Pick from the list of communities", "community": "Community",
           "kind": "Shopping", "next": "Next", "here": "Where I am now", "position_set": "Position found.",
           "address": "Address", "asap": "As soon as possible", "send": "Send request",
           "choose": "Choose the grid you live in first.",
           "consent": "I have read and accept the personal information notice"},
}

API = """async (path) => {
  const r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  return { status: r.status, body: await r.json() };
}"""


@pytest.fixture(scope="module")
def riverside(live):
    """A community of two grids, each with its own grid manager, and a resident with no grid."""
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    world = World(create_app(settings))
    world._phone = 13960000000  # beyond the phones the other files use
    community = world.community(name="滨河社区")
    first = world.grid(community, code="BH-01", centre=FIRST, name="滨河一网格")
    second = world.grid(community, code="BH-02", centre=SECOND, name="滨河二网格")
    managers = {first: world.user("高峰", roles=[(Role.grid_manager, first, None)]),
                second: world.user("林静", roles=[(Role.grid_manager, second, None)])}
    homeless = world.user("何秀兰", roles=[(Role.resident, None, None)])
    return {"community": community, "first": first, "second": second, "managers": managers,
            "homeless": homeless}


def api(page, path):
    answer = page.evaluate(API, path)
    assert answer["status"] == 200, answer
    return answer["body"]


def queue_of(live, person) -> set[int]:
    request = urllib.request.Request(f"{live['base']}/api/v1/requests", headers=person["headers"])
    with urllib.request.urlopen(request) as answer:
        return {r["id"] for r in json.load(answer)["items"]}


def ask_for_shopping(page, words, address):
    page.get_by_role("button", name=words["kind"]).click()
    page.get_by_role("button", name=words["next"]).click()
    page.get_by_role("button", name=words["here"]).click()
    page.get_by_text(words["position_set"]).wait_for()
    page.get_by_label(words["address"]).fill(address)


def send(page, words):
    page.get_by_role("button", name=words["next"]).click()
    page.get_by_role("button", name=words["asap"]).click()
    page.get_by_role("button", name=words["send"]).click()
    page.locator("[data-request]").first.wait_for()


def test_a_fresh_sign_up_picks_a_grid_near_the_phone_and_its_request_reaches_that_grid(live, phone, riverside):
    words = WORDS["zh"]
    page = phone(*PHONE_AT).new_page()
    page.goto("/")
    page.get_by_role("button", name=words["register"]).click()
    page.get_by_label(words["name"]).fill("孙桂芳")
    page.get_by_label(words["phone"]).fill("13961000001")
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.get_by_label(words["consent"]).check()
    expect_refusal(page, 422, "/api/v1/auth/register")
    page.get_by_role("button", name=words["submit"]).click()  # no grid yet: asked for one, nothing made
    page.locator("[data-error-for='grid_id']").get_by_text(words["choose"]).wait_for()

    page.get_by_role("button", name=words["near"]).click()
    radios = page.get_by_role("radio")
    radios.first.wait_for()
    near = api(page, f"/grids/near?lat={PHONE_AT[0]}&lng={PHONE_AT[1]}")
    assert [g["id"] for g in near][:2] == [riverside["second"], riverside["first"]]
    for radio, grid in zip(radios.all(), near):
        text = radio.inner_text()
        assert f"{grid['name']} · {grid['community_name']}" in text
        assert words["metres"].format(m=grid["distance_m"]) in text
    assert radios.first.get_attribute("aria-checked") == "true"  # the nearest, preselected
    assert page.locator("[data-error-for='grid_id']").inner_text() == ""  # the problem is gone
    assert 290 <= near[0]["distance_m"] <= 310
    check_screen(page)
    shot(page, "new-resident-1-grids-near")
    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_selector("nav#tabs:not([hidden])")

    me = api(page, "/me")["user"]
    assert {"role": "resident", "grid_id": riverside["second"], "community_id": None} in me["roles"]
    ask_for_shopping(page, words, "滨河小区3号楼201")
    send(page, words)
    check_screen(page)
    shot(page, "new-resident-2-asked")
    mine = api(page, "/requests")["items"]
    assert [r["grid_id"] for r in mine] == [riverside["second"]]
    assert mine[0]["id"] in queue_of(live, riverside["managers"][riverside["second"]])
    assert mine[0]["id"] not in queue_of(live, riverside["managers"][riverside["first"]])
    assert mine[0]["id"] not in queue_of(live, live["worker"])  # another community's social worker


def test_an_account_without_a_grid_picks_one_from_the_list_when_it_asks(live, phone, riverside):
    words = WORDS["en"]
    page = phone(*PHONE_AT).new_page()
    sign_in(page, riverside["homeless"]["phone"])
    page.locator("#lang-toggle").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    ask_for_shopping(page, words, "Riverside 7-101")
    page.get_by_role("button", name=words["next"]).click()  # no grid chosen: it says so, and stays
    page.locator("[data-error-for='grid_id']").get_by_text(words["choose"]).wait_for()

    page.get_by_role("button", name=words["list"]).click()
    community = page.get_by_label(words["community"], exact=True)
    community.locator("option", has_text="滨河社区").wait_for(state="attached")
    community.select_option(str(riverside["community"]))
    grids = api(page, f"/grids?community_id={riverside['community']}")
    radios = page.get_by_role("radio")
    radios.first.wait_for()
    assert [r.inner_text().strip() for r in radios.all()] == [f"{g['name']} · 滨河社区" for g in grids]
    page.get_by_role("radio", name=next(f"{g['name']} · 滨河社区" for g in grids
                                        if g["id"] == riverside["first"])).click()
    check_screen(page)
    shot(page, "new-resident-3-grid-from-list-en")
    send(page, words)
    mine = api(page, "/requests")["items"]
    assert [r["grid_id"] for r in mine] == [riverside["first"]]
    assert mine[0]["id"] in queue_of(live, riverside["managers"][riverside["first"]])
    assert mine[0]["id"] not in queue_of(live, riverside["managers"][riverside["second"]])
    me = api(page, "/me")["user"]
    assert [r["grid_id"] for r in me["roles"] if r["role"] == "resident"] == [riverside["first"]]


TAKEN_HINT = {"zh": "未能登录：这个手机号可能以前注册过，请用原来的密码登录。",
              "en": "Could not sign in: this number may have an account already; sign in with its own password."}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_registering_a_number_that_has_an_account_changes_nothing_and_says_to_use_its_password(
        live, phone, riverside, lang):
    words = WORDS[lang]
    page = phone(*PHONE_AT).new_page()
    page.goto("/")
    if lang == "en":
        page.locator("#lang-toggle").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.get_by_role("button", name=words["register"]).click()
    page.get_by_label(words["name"]).fill("冒名者")
    page.get_by_label(words["phone"]).fill(riverside["homeless"]["phone"])
    page.get_by_label(words["password"]).fill("someone-elses-9")
    page.get_by_label(words["consent"]).check()
    page.get_by_role("button", name=words["near"]).click()
    page.get_by_role("radio").first.wait_for()
    expect_refusal(page, 401, "/api/v1/auth/login")
    with page.expect_response("**/api/v1/auth/register") as registered:
        page.get_by_role("button", name=words["submit"]).click()
    assert registered.value.status == 202  # the same answer a new number gets
    page.locator("#live").get_by_text(TAKEN_HINT[lang]).wait_for()
    assert page.locator("nav#tabs").is_hidden()
    check_screen(page)
    shot(page, f"register-taken-number-{lang}")
    owner = phone().new_page()
    sign_in(owner, riverside["homeless"]["phone"])  # the account and its password are as they were
    assert api(owner, "/me")["user"]["name"] == "何秀兰"
