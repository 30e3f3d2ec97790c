"""The whole help loop in a real browser: three phones, one resident, one social worker,
one volunteer, each 360x640 at their own position."""
import pytest
from sqlalchemy import text

from tests.conftest import CENTRE
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


def test_request_need_assign_check_in_out_confirm_and_rate(live, phone, db_engine):
    # The resident asks for help with shopping, from where she is, as soon as possible.
    resident = phone().new_page()
    sign_in(resident, live["resident"]["phone"])
    shot(resident, "resident-1-what")
    assert_accessible(resident)
    resident.get_by_role("button", name="买菜代办").click()
    resident.get_by_label("说几句具体情况（可不填）").fill("腿脚不便，帮忙买点菜")
    resident.get_by_role("button", name="下一步").click()
    resident.get_by_role("button", name="我现在的位置").click()
    resident.get_by_text("已获取位置。").wait_for()
    resident.get_by_label("门牌地址").fill("3号院2号楼1单元401")
    shot(resident, "resident-2-where")
    assert_accessible(resident)
    resident.get_by_role("button", name="下一步").click()
    resident.get_by_role("button", name="尽快（紧急）").click()
    shot(resident, "resident-3-when")
    assert_accessible(resident)
    resident.get_by_role("button", name="提交求助").click()
    resident.locator("[data-request]").first.wait_for()
    assert "已提交" in resident.locator("[data-request]").first.inner_text()
    shot(resident, "resident-4-requests")
    assert_accessible(resident)

    # The social worker turns it into a need and assigns the ranked first candidate.
    worker = phone().new_page()
    sign_in(worker, live["worker"]["phone"])
    card = worker.locator("[data-request]").filter(has_text="帮忙买点菜")
    card.get_by_role("button", name="转为需求").click()
    shot(worker, "worker-1-queue")
    assert_accessible(worker)
    card.get_by_role("button", name="发布需求").click()
    worker.get_by_role("heading", name="推荐人选").wait_for()
    candidate = worker.locator(f"[data-candidate='{live['helper']['id']}']")
    assert "周杰" in candidate.inner_text() and "100 m · 同网格" in candidate.inner_text()
    shot(worker, "worker-2-candidates")
    assert_accessible(worker)
    candidate.get_by_role("button", name="指派").click()
    worker.get_by_text("已安排 1/1 人").wait_for()
    shot(worker, "worker-3-assigned")

    # The volunteer, 50 m from the door, checks in and out with the phone's position.
    volunteer_context = phone(CENTRE[0] + 0.00045, CENTRE[1])
    volunteer = volunteer_context.new_page()
    sign_in(volunteer, live["helper"]["phone"])
    shot(volunteer, "volunteer-1-nearby")
    assert_accessible(volunteer)
    volunteer.get_by_role("link", name="任务").click()
    task = volunteer.locator("[data-assignment]").filter(has_text="帮忙买点菜")
    # Assigned, the volunteer reads the resident's own words, as the API gives them to assignees.
    words = task.locator("[data-resident-words]")
    need_id = int(words.get_attribute("data-resident-words"))
    seen = volunteer.evaluate(f"() => fetch('/api/v1/needs/{need_id}').then((r) => r.json())")
    assert words.inner_text() == f"居民原话：{seen['request_description']}" == "居民原话：腿脚不便，帮忙买点菜"
    task.get_by_role("button", name="到达，签到").click()
    volunteer.get_by_text("签到成功。").wait_for()
    shot(volunteer, "volunteer-2-checked-in")
    assert_accessible(volunteer)
    task = volunteer.locator("[data-assignment][data-status='checked_in']").filter(has_text="帮忙买点菜")
    task.get_by_label("做了什么（可不填）").fill("买了青菜和鸡蛋，送到家")
    task.get_by_role("button", name="服务结束，签退").click()
    # An urgent need starts a quarter of an hour out: ending before then is asked about first.
    task.locator("[data-early-checkout]").wait_for()
    task.get_by_role("button", name="仍然签退").click()
    volunteer.get_by_text("签退成功，等待确认时长。").wait_for()
    shot(volunteer, "volunteer-3-checked-out")

    # The social worker confirms the hours.
    worker.get_by_role("link", name="确认").click()
    record = worker.locator("[data-record]").filter(has_text="买了青菜和鸡蛋")
    shot(worker, "worker-4-records")
    assert_accessible(worker)
    record.get_by_role("button", name="确认服务").click()
    worker.get_by_text("没有待确认的记录。").wait_for()

    # The resident sees the service completed and rates it five stars.
    resident.get_by_role("link", name="我的求助").click()
    resident.reload()
    # Unchosen stars look empty, chosen ones filled: what is chosen is what is seen.
    stars = resident.locator(".stars button")
    stars.first.wait_for()
    assert [stars.nth(i).inner_text() for i in range(5)] == ["☆"] * 5
    resident.get_by_role("button", name="4 星").click()
    assert [stars.nth(i).inner_text() for i in range(5)] == ["★"] * 4 + ["☆"]
    looks = "(b) => getComputedStyle(b).backgroundColor + getComputedStyle(b).borderColor"
    assert stars.nth(3).evaluate(looks) != stars.nth(4).evaluate(looks)
    resident.get_by_role("button", name="5 星").click()
    assert [stars.nth(i).get_attribute("aria-pressed") for i in range(5)] == ["true"] * 5
    resident.get_by_label("说说感受（可不填）").fill("小周很耐心，谢谢！")
    shot(resident, "resident-5-rate")
    assert_accessible(resident)
    resident.get_by_role("button", name="提交评价").click()
    resident.get_by_text("感谢您的评价！").first.wait_for()

    # On another phone, signed in afresh, the rating is the server's: shown, never asked again.
    again = phone().new_page()
    sign_in(again, live["resident"]["phone"])
    again.get_by_role("link", name="我的求助").click()
    shown = again.locator("[data-rating]").first
    shown.wait_for()
    rated = next(r for r in again.evaluate(
        "fetch('/api/v1/requests', {credentials: 'same-origin'}).then((r) => r.json())")["items"] if r["rating"])
    assert rated["rating"]["score"] == 5 and rated["rating"]["comment"] == "小周很耐心，谢谢！"
    assert shown.get_attribute("data-rating") == "5"
    assert "您的评价：5 星" in shown.inner_text() and "小周很耐心，谢谢！" in shown.inner_text()
    assert again.get_by_role("button", name="提交评价").count() == 0

    # The social worker's need now says who served, the hours, and the rating.
    worker.goto(f"{live['base']}/#/need/{rated['need_id']}")
    served = worker.locator("[data-served]")
    served.wait_for()
    board = worker.evaluate(
        f"fetch('/api/v1/needs/{rated['need_id']}/offers', {{credentials: 'same-origin'}}).then((r) => r.json())")
    [person] = [p for p in board["people"] if p["record_status"]]
    row = served.locator(f"[data-served-by='{person['user_id']}']")
    assert person["name"] in row.inner_text() and f"{person['hours']} 小时" in row.inner_text()
    assert "已确认" in row.inner_text() and person["record_status"] == "verified"
    assert served.locator("[data-rating]").get_attribute("data-rating") == str(board["rating"]["score"])
    assert board["rating"]["comment"] in served.inner_text()
    shot(worker, "worker-5-served")

    # The volunteer's hours and points show on their own screen.
    volunteer.get_by_role("link", name="我的").click()
    volunteer.get_by_text("已确认时长（小时）").wait_for()
    shot(volunteer, "volunteer-4-me")
    assert_accessible(volunteer)

    with db_engine.connect() as conn:
        # Other browser tests share this database: look only at this loop's rows.
        records = conn.execute(text("SELECT status FROM service_records WHERE content = :c"),
                               {"c": "买了青菜和鸡蛋，送到家"}).scalars().all()
        assert records == ["verified"]
        assert conn.execute(text("SELECT score FROM feedback WHERE comment = :c"),
                            {"c": "小周很耐心，谢谢！"}).scalars().all() == [5]
        statuses = conn.execute(text("SELECT status FROM help_requests WHERE resident_id = :r AND description LIKE :d"),
                                {"r": live["resident"]["id"], "d": "%帮忙买点菜%"}).scalars().all()
        assert statuses == ["accepted"]


def test_the_dashboard_draws_its_charts(live, phone):
    page = phone().new_page()
    sign_in(page, live["admin"]["phone"])
    page.get_by_role("heading", name="数据看板").wait_for()
    assert page.locator("svg.chart").count() >= 2
    assert "10%" in page.get_by_text("目标：城市社区").inner_text()
    shot(page, "dashboard")
    assert_accessible(page)
