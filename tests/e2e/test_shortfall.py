"""A need no one can take says why, on the social worker's phone, as the API counts it."""
from datetime import timedelta

import pytest

from models import User, db
from models.needs import Urgency
from tests.conftest import CENTRE, TestConfig
from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot, sign_in
from volunteer import clock, create_app

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
API = """async ([path, lang]) => {
  const r = await fetch('/api/v1' + path, { headers: { Accept: 'application/json', 'Accept-Language': lang },
    credentials: 'same-origin' });
  return r.json();
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_need_out_of_everyones_reach_says_how_many_each_rule_turns_away(live, phone, lang):
    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = live["url"]
    app = create_app(settings)
    with app.app_context():
        from volunteer.needs.services import create_need

        begin = clock.now().replace(microsecond=0) + timedelta(days=2)
        need = create_need(db.session.get(User, live["worker"]["id"]), title="搬桌椅", skills=["cleaning"],
                           urgency=Urgency.normal, starts_at=begin, ends_at=begin + timedelta(hours=1),
                           grid_id=live["grid_id"], radius_m=200,
                           position={"lat": CENTRE[0] + 0.02, "lng": CENTRE[1], "crs": "wgs84"})  # 2 km north
        need_id = need.id
        db.engine.dispose()
    page = phone().new_page()
    sign_in(page, live["worker"]["phone"])
    if lang == "en":
        page.locator("#lang-toggle").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.goto(f"/#/need/{need_id}")
    card = page.locator("[data-shortfall]")
    card.wait_for()
    found = page.evaluate(API, [f"/needs/{need_id}/candidates/shortfall", "en" if lang == "en" else "zh-CN"])
    assert found["skilled"] >= 1 and found["passing"] == 0
    assert card.get_attribute("data-shortfall") == str(found["skilled"])
    rows = {r["code"]: r for r in found["turned_away"]}
    assert set(rows) == {"out_of_range"}
    shown = card.locator("[data-turned-away='out_of_range']").inner_text()
    assert shown == (f"{rows['out_of_range']['count']} 位：{rows['out_of_range']['message']}" if lang == "zh"
                     else f"{rows['out_of_range']['count']}: {rows['out_of_range']['message']}")
    shot(page, f"need-shortfall-{lang}")
