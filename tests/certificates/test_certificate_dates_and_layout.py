"""Certificates: Asia/Shanghai dates at any hour, cells inside their columns, a readable verify page."""
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models import IssuedCertificate, db
from volunteer import clock
from volunteer.certificates import pdf, rules
from tests.certificates.test_certificate import _served_and_confirmed, _text
from tests.conftest import tomorrow_at

SHANGHAI = clock.LOCAL


@pytest.mark.parametrize("hour,minute", [(0, 32), (23, 30)])
def test_the_default_period_and_issue_date_are_shanghai_dates(app, client, world, place, hour, minute):
    with clock.freeze(datetime(2026, 3, 10, 10, 0, tzinfo=SHANGHAI)):  # served on 11 March
        v = _served_and_confirmed(client, world, place)
    moment = datetime(2026, 3, 13, hour, minute, tzinfo=SHANGHAI)
    today = moment.date()
    with clock.freeze(moment.astimezone(timezone.utc)):
        r = client.get("/api/v1/me/certificate.pdf", headers=v["headers"])
    assert r.status_code == 200
    text = _text(r.data)
    day = f"{today.year}年{today.month}月{today.day}日"
    assert f"至{day}期间" in text  # the period ends today in Shanghai, not on the UTC date
    assert f"出具日期：{day}" in text
    assert f"{today.year}年1月1日至" in text
    with app.app_context():
        cert = db.session.scalar(select(IssuedCertificate))
        assert (cert.period_from, cert.period_to) == (date(today.year, 1, 1), today)
        assert cert.number.startswith(f"VS{today:%Y%m%d}")


def test_wrap_cell_keeps_every_line_inside_its_width_and_ends_cut_text_with_an_ellipsis():
    measure = len  # one unit a character
    assert rules.wrap_cell("黄河路", 5, measure) == ["黄河路"]
    assert rules.wrap_cell("一二三四五六七", 5, measure) == ["一二三四五", "六七"]
    cut = rules.wrap_cell("一二三四五六七八九十甲乙", 5, measure)
    assert cut == ["一二三四五", "六七八九…"]
    assert all(measure(line) <= 5 for line in cut)
    assert rules.wrap_cell("", 5, measure) == [""]


def _text_positions(pdf_bytes: bytes) -> list[tuple[str, float]]:
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text, tm[4] * cm[0] + cm[4]))
    page.extract_text(visitor_text=visit)
    return found


def test_a_long_place_name_stays_in_its_column():
    place = "郑州市金水区黄河路街道黄河路社区第一网格三号院二单元东侧活动室旁边的小广场"
    view = pdf.CertificateView(
        number="VS20260101ABCDEF12", name="李娜", masked_phone="138****1234",
        period_from=date(2026, 1, 1), period_to=date(2026, 6, 30), hours="2.50",
        lines=[pdf.ServiceLine(day=date(2026, 3, 1), title="看望独居老人" * 8, place=place, hours="2.50")],
        community="黄河路社区", issued_on=date(2026, 6, 30), verify_url="http://x/v", content_hash="0" * 64)
    body = pdf.render(view)
    mm = 72 / 25.4
    place_x0 = (20 + 30 + 80) * mm
    hours_x0 = place_x0 + 40 * mm
    placed = [(t, x) for t, x in _text_positions(body) if t and t[0] in place]
    assert placed, "the place is printed"
    reader = FPDFWidth()
    for text, x in placed:
        assert place_x0 <= x and x + reader.width(text) * mm <= hours_x0, text
    assert any("2.50" in t and x >= hours_x0 for t, x in _text_positions(body))


class FPDFWidth:
    """Width in mm of a string at the table's font size, as fpdf measures it."""

    def __init__(self):
        from fpdf import FPDF
        import tempfile
        self.pdf = FPDF()
        self._file = tempfile.NamedTemporaryFile(suffix=".ttf")
        self._file.write(pdf.regular_font_for(pdf.FIXED_TEXT + "郑州市金水区黄河路街道社区第一网格三号院二单元东侧活动室旁边的小广场"))
        self._file.flush()
        self.pdf.add_font(pdf.FONT, fname=self._file.name)
        self.pdf.set_font(pdf.FONT, size=10)

    def width(self, text: str) -> float:
        return self.pdf.get_string_width(text)


def _issued_number(app, client, world, place):
    v = _served_and_confirmed(client, world, place)
    day = tomorrow_at(9).date()
    assert client.get(f"/api/v1/me/certificate.pdf?from={day - timedelta(days=3)}&to={day}",
                      headers=v["headers"]).status_code == 200
    with app.app_context():
        return db.session.scalar(select(IssuedCertificate.number))


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_a_page_a_person_reads_in_chinese_and_english(app, client, world, place):
    number = _issued_number(app, client, world, place)
    url = f"/api/v1/certificates/{number}/verify"
    zh = client.get(url, headers={"Accept": BROWSER_ACCEPT})
    assert zh.status_code == 200 and zh.mimetype == "text/html"
    page = zh.get_data(as_text=True)
    assert "有效" in page and number in page and "李*" in page and "2.5 小时" in page
    assert "\\u" not in page and 'lang="zh-CN"' in page
    policy = zh.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "http" not in policy
    assert "<script" not in page and 'href="/static/app.css"' in page
    assert "Accept" in zh.headers["Vary"]
    en = client.get(url, headers={"Accept": BROWSER_ACCEPT, "Accept-Language": "en"}).get_data(as_text=True)
    assert "Valid" in en and "2.5 h" in en and 'lang="en"' in en and "有效" not in en


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_machines_still_get_json_from_the_same_url(app, client, world, place, accept):
    number = _issued_number(app, client, world, place)
    headers = {"Accept": accept} if accept else {}
    r = client.get(f"/api/v1/certificates/{number}/verify", headers=headers)
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.json["valid"] is True and r.json["number"] == number and r.json["hours"] == 2.5
