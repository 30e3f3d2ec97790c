"""Teams on the phone, in Chinese and in English: a social worker registers and verifies a
team whose leader signed up fresh; the leader invites a member who signed up fresh; the
member accepts; the leader sees them. Then a need is given to a team on the need's screen,
its leader takes a place and puts a member in. Each screen is compared with the API."""
from datetime import timedelta

import pytest

from models import Role, User, db
from models.needs import Urgency
from tests.conftest import CENTRE, World
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, api_as, app_over, shot, sign_in, to_english, sign_up
from tests.e2e.screen import expect_refusal
from volunteer import clock

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)

NORTH = (CENTRE[0] + 20_000 / 111_320, CENTRE[1])  # 20 km north of the other tests' places
WORDS = {
    "zh": {"register": "登记组织", "verify": "核验通过", "verified": "已核验", "leader": "负责人", "invite": "邀请",
           "invited": "已邀请", "accept": "接受邀请", "active": "在队", "hours": "{n} 小时", "give": "交给该团队",
           "take": "认领", "assign": "指派", "seats": "已安排 {a}/{s} 人"},
    "en": {"register": "Register an organisation", "verify": "Verify", "verified": "Verified", "leader": "Leader",
           "invite": "Invite", "invited": "Invited", "accept": "Accept the invitation", "active": "Active",
           "hours": "{n} h", "give": "Give to this team", "take": "Take them", "assign": "Assign",
           "seats": "{a} of {s} places filled"},
}
PHONES = {"zh": 13740000000, "en": 13740005000}  # beyond the phones the other files use



@pytest.fixture(scope="module")
def riverside(live):
    """A community of its own, with a social worker, far from the other tests' places."""
    world = World(app_over(live))
    world._phone = 13740009000
    community = world.community(name="河畔社区")
    grid = world.grid(community, code="HP-01", centre=NORTH, name="河畔一网格")
    worker = world.social_worker(community, grid, name="何静")
    return {"world": world, "community": community, "grid": grid, "worker": worker}




@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_team_is_registered_its_fresh_leader_invites_a_fresh_member_who_joins(live, phone, riverside, lang):
    words, base = WORDS[lang], PHONES[lang]
    leader_no, member_no = str(base + 1), str(base + 2)
    leader = phone(*NORTH).new_page()
    sign_up(leader, "柳青", leader_no)
    member = phone(*NORTH).new_page()
    sign_up(member, "顾云", member_no)

    staff = phone(*NORTH).new_page()
    sign_in(staff, riverside["worker"]["phone"])
    if lang == "en":
        for page in (staff, leader, member):
            to_english(page)
    staff.locator("#tabs a[href='#/settings']").click()
    staff.locator("[data-teams-link]").click()
    form = staff.locator("[data-register-organisation]")
    form.wait_for()
    form.locator("input[name='name']").fill(f"河畔志愿服务队{lang}")
    form.locator("select[name='kind']").select_option("volunteer_team")
    form.locator("input[name='credit_code']").fill("12345")  # not a code: refused, naming the field
    form.locator("input[name='contact_name']").fill("柳青")
    form.locator("input[name='contact_phone']").fill("13800006666")
    form.locator("input[name='leader_phone']").fill(leader_no)
    expect_refusal(staff, 422, "/organisations")
    form.get_by_role("button", name=words["register"]).click()
    form.locator("[data-error-for='credit_code']:not(:empty)").wait_for()
    form.locator("input[name='credit_code']").fill("")
    form.get_by_role("button", name=words["register"]).click()
    staff.wait_for_url("**/#/teams/*")
    org_id = int(staff.url.rsplit("/", 1)[1])
    staff.get_by_role("button", name=words["verify"]).click()
    staff.locator(".chip", has_text=words["verified"]).first.wait_for()
    org = api_as(staff, f"/organisations/{org_id}", lang)
    assert org["status"] == "verified" and org["leaders"] == ["柳青"]
    assert staff.locator("[data-org='leaders'] dd").inner_text() == "、".join(org["leaders"])
    assert staff.locator("[data-org='members'] dd").inner_text() == str(org["members"]) == "1"
    shot(staff, f"team-registered-{lang}")

    leader.goto("/#/teams")
    mine = leader.locator(f"[data-teams-mine] [data-organisation='{org_id}']")
    mine.get_by_text(words["leader"], exact=True).wait_for()
    mine.get_by_role("link").click()
    invite = leader.locator("[data-invite]")
    invite.locator("input[name='phone']").fill(member_no)
    invite.get_by_role("button", name=words["invite"]).click()
    leader.locator("[data-members='2']").wait_for()
    members = api_as(leader, f"/organisations/{org_id}/members", lang)
    invited = next(m for m in members["items"] if m["name"] == "顾云")
    card = leader.locator(f"[data-member='{invited['user_id']}']")
    card.get_by_text(words["invited"], exact=True).wait_for()
    assert invited["status"] == "invited"

    member.goto("/#/teams")
    mine = member.locator(f"[data-teams-mine] [data-organisation='{org_id}']")
    mine.get_by_text(words["invited"], exact=True).wait_for()
    mine.get_by_role("link").click()
    member.get_by_role("button", name=words["accept"]).click()
    member.locator("[data-org='members'] dd", has_text="2").wait_for()
    assert api_as(member, f"/organisations/{org_id}", lang)["my_status"] == "active"
    shot(member, f"team-joined-{lang}")

    leader.reload()
    members = api_as(leader, f"/organisations/{org_id}/members", lang)
    joined = next(m for m in members["items"] if m["name"] == "顾云")
    card = leader.locator(f"[data-member='{joined['user_id']}']")
    card.get_by_text(words["active"], exact=True).wait_for()
    assert card.locator("[data-phone]").inner_text() == joined["phone"] == member_no[:3] + "****" + member_no[-4:]
    assert card.locator("[data-hours]").inner_text() == words["hours"].format(n=joined["hours"])
    assert member_no not in leader.content()
    shot(leader, f"team-members-{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_need_given_to_a_team_is_taken_and_filled_by_its_leader(live, phone, riverside, lang):
    words = WORDS[lang]
    world = riverside["world"]
    world._phone = PHONES[lang] + 100
    team_leader = world.volunteer(riverside["grid"], name="严冬", skills=("cleaning",), offset_m=(20_000, 0))
    helper = world.volunteer(riverside["grid"], name="白露", skills=("cleaning",), offset_m=(20_100, 0))
    from volunteer.organisations import services as organisations
    from volunteer.needs.services import create_need
    with world.ctx():
        worker = db.session.get(User, riverside["worker"]["id"])
        org = organisations.register(worker, f"河畔保洁队{lang}", "volunteer_team", "严冬", "13800007777",
                                     [riverside["community"]], db.session.get(User, team_leader["id"]).phone)
        org_id = org.id
        organisations.verify(worker, org_id)
        organisations.invite(db.session.get(User, team_leader["id"]), org_id, db.session.get(User, helper["id"]).phone)
        organisations.join(db.session.get(User, helper["id"]), org_id)
        start = clock.local(clock.now()).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
        need = create_need(worker, f"楼道清扫{lang}", ["cleaning"], start, start + timedelta(hours=2), Urgency.normal,
                           grid_id=riverside["grid"], address="河畔社区1号楼", slots=2,
                           position={"lat": NORTH[0], "lng": NORTH[1], "crs": "wgs84"})
        need_id = need.id
    assert Role.social_worker

    staff = phone(*NORTH).new_page()
    sign_in(staff, riverside["worker"]["phone"])
    if lang == "en":
        to_english(staff)
    staff.goto(f"/#/need/{need_id}")
    offered = staff.locator(f"[data-candidate-team='{org_id}']")
    offered.wait_for()
    teams = api_as(staff, f"/needs/{need_id}/candidate-teams", lang)
    ours = next(t for t in teams if t["organisation_id"] == org_id)
    assert offered.locator("[data-fitting]").get_attribute("data-fitting") == str(ours["fitting"]) == "2"
    offered.locator("input[name='slots']").fill("1")
    offered.get_by_role("button", name=words["give"]).click()
    staff.locator(f"[data-given-team='{org_id}']").wait_for()
    shot(staff, f"need-given-to-team-{lang}")

    leader = phone(*NORTH).new_page()
    sign_in(leader, team_leader["phone"])
    if lang == "en":
        to_english(leader)
    leader.goto(f"/#/teams/{org_id}")
    share = leader.locator("[data-need-team]")
    share.get_by_role("button", name=words["take"]).click()
    share.locator("select[name='user_id']").wait_for()
    share.locator("select[name='user_id']").select_option(str(helper["id"]))
    share.get_by_role("button", name=words["assign"]).click()
    share.locator("[data-seats='1/1']").wait_for()
    given = api_as(leader, f"/organisations/{org_id}/needs", lang)["items"][0]
    assert (given["assigned"], given["slots"], [m["name"] for m in given["members"]]) == (1, 1, ["白露"])
    assert share.locator("[data-seats]").inner_text() == words["seats"].format(a=given["assigned"], s=given["slots"])
    shot(leader, f"team-took-need-{lang}")

    staff.reload()
    staff.locator(f"[data-given-team='{org_id}'] [data-seats='1/1']").wait_for()
    need_now = api_as(staff, f"/needs/{need_id}", lang)
    assert need_now["taken"] == 1
