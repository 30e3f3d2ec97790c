"""Draw a certificate as a one-page A4 PDF with the Chinese font embedded.

The font is Noto Sans SC (SIL OFL) from the `justmytype-intl-cjk` package, so the PDF
renders the same on a machine with no Chinese fonts installed. It ships as a variable
TrueType font: we cut it down to the characters on the page first and then fix the
weight at Regular, which takes well under a second (fixing the weight of the whole
17 MB font would take several). TrueType outlines also keep the text extractable.
"""
import io
import string
import tempfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.resources import files

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from volunteer.certificates import rules

FONT = "NotoSansSC"
FONT_FILE = files("justmytype_intl_cjk") / "fonts" / "ofl" / "notosanssc" / "NotoSansSC[wght].ttf"
# Everything drawn besides the view's own strings.
FIXED_TEXT = ("志愿服务证明 Certificate of Volunteer Service 证书编号 No. 兹证明（手机）于至期间参加"
              "次，经确认的服务时长共计小时。特此证明。日期服务内容地点时长(小时)其余共出具单位："
              "年月日真伪查验内容校验码…")
MAX_ROWS = 18  # beyond this the rest is summed up on one line, so the page stays one page


@dataclass
class ServiceLine:
    day: date
    title: str
    place: str
    hours: str


@dataclass
class CertificateView:
    number: str
    name: str
    masked_phone: str
    period_from: date
    period_to: date
    hours: str
    lines: list[ServiceLine]
    community: str
    issued_on: date
    verify_url: str
    content_hash: str


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def regular_font_for(text: str) -> bytes:
    """Noto Sans SC Regular holding only the glyphs of `text`, as TrueType bytes."""
    with FONT_FILE.open("rb") as source:
        font = TTFont(source)
        options = subset.Options()
        options.name_IDs = ["*"]
        cutter = subset.Subsetter(options)
        cutter.populate(text=text)
        cutter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": 400}, updateFontNames=True)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _text_of(view: CertificateView) -> str:
    """Every character the page may draw: the fixed words, ASCII, and the view's own text."""
    own = [view.name, view.community] + [line.title + line.place for line in view.lines]
    return FIXED_TEXT + string.printable + "".join(own)


def render(view: CertificateView) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 15, 20)
    pdf.set_title(f"志愿服务证明 {view.number}")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    # fpdf2 reads fonts from a path only.
    with tempfile.NamedTemporaryFile(suffix=".ttf") as font_file:
        font_file.write(regular_font_for(_text_of(view)))
        font_file.flush()
        pdf.add_font(FONT, fname=font_file.name)
        return _draw(pdf, view)


def _draw(pdf: FPDF, view: CertificateView) -> bytes:
    pdf.set_draw_color(160, 30, 30)
    pdf.rect(10, 10, 190, 277)
    pdf.set_font(FONT, size=24)
    pdf.set_y(22)
    pdf.cell(0, 12, "志愿服务证明", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    pdf.cell(0, 6, "Certificate of Volunteer Service", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 8, f"证书编号 No. {view.number}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, size=13)
    pdf.multi_cell(0, 8, (
        f"兹证明 {view.name}（手机 {view.masked_phone}）于 {_day(view.period_from)} 至 "
        f"{_day(view.period_to)} 期间参加志愿服务 {len(view.lines)} 次，"
        f"经确认的服务时长共计 {view.hours} 小时。特此证明。"), align="L")
    pdf.ln(4)
    _service_table(pdf, view.lines)
    _footer(pdf, view)
    return bytes(pdf.output())


COLUMNS = (30, 80, 40, 20)  # mm: date, content, place, hours
LINE_MM = 5
TABLE_BOTTOM_MM = 205  # rows below this are summed up on one line, so the footer fits


def _service_table(pdf: FPDF, lines: list[ServiceLine]) -> None:
    pdf.set_font(FONT, size=10)
    pdf.set_fill_color(245, 235, 235)
    for width, head in zip(COLUMNS, ("日期", "服务内容", "地点", "时长(小时)")):
        pdf.cell(width, 7, head, border=1, align="C", fill=True)
    pdf.ln(7)
    shown = 0
    for line in lines[:MAX_ROWS]:
        cells = _row_cells(pdf, line)
        height = LINE_MM * max(len(c) for c in cells) + 2
        if pdf.get_y() + height > TABLE_BOTTOM_MM:
            break
        _row(pdf, cells, height)
        shown += 1
    rest = lines[shown:]
    if rest:
        total = sum(Decimal(line.hours) for line in rest)
        pdf.cell(sum(COLUMNS), 7, f"其余 {len(rest)} 次服务，共 {total:.2f} 小时", border=1, align="C")
        pdf.ln(7)


def _row_cells(pdf: FPDF, line: ServiceLine) -> list[list[str]]:
    """Each cell's text as lines that fit inside its column (padding excluded)."""
    texts = (line.day.isoformat(), line.title, line.place, line.hours)
    return [rules.wrap_cell(text, width - 2 * pdf.c_margin, pdf.get_string_width)
            for width, text in zip(COLUMNS, texts)]


def _row(pdf: FPDF, cells: list[list[str]], height: float) -> None:
    x, y = pdf.l_margin, pdf.get_y()
    for width, cell_lines, align in zip(COLUMNS, cells, ("C", "L", "L", "R")):
        pdf.rect(x, y, width, height)
        for n, text in enumerate(cell_lines):
            pdf.set_xy(x, y + 1 + n * LINE_MM)
            pdf.cell(width, LINE_MM, text, align=align)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def _footer(pdf: FPDF, view: CertificateView) -> None:
    pdf.set_y(max(pdf.get_y() + 12, 215))
    pdf.set_font(FONT, size=13)
    pdf.cell(0, 8, f"出具单位：{view.community}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 8, f"出具日期：{_day(view.issued_on)}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(0, 5, (
        f"真伪查验 Verify: {view.verify_url}\n"
        f"内容校验码 Content hash (SHA-256): {view.content_hash}"), align="L")
