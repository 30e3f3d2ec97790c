"""Draw an evaluation pack as an A4 PDF (landscape), with the Chinese font embedded the
same way certificates do: every entry on its own row with the first characters of its
hash, the head hash and the address where anyone can verify the pack."""
import string
import tempfile

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from volunteer.certificates.pdf import FONT, regular_font_for
from volunteer.certificates.rules import wrap_cell

FIXED = ("服务评估包 Evaluation pack 编号项目购买方承接组织服务社区期间预算目标进度服务对象人时长满意度"
         "确认共条记录链头校验码查验日期需求志愿者团队状态评分标记哈希已确认待确认已驳回小时无…、：% ")
COLUMNS = (24, 62, 22, 34, 16, 20, 14, 50, 35)  # mm
HEADS = ("日期", "需求", "志愿者", "团队", "时长", "状态", "评分", "标记", "哈希")
STATUS = {"verified": "已确认", "pending": "待确认", "rejected": "已驳回"}


def render(content: dict, verify_url: str, progress: dict) -> bytes:
    project = content["project"]
    own = [project["name"], project["funder"], project["organisation"], "".join(project["communities"])]
    own += [e["need_title"] + e["volunteer"] + (e["team"] or "") + "".join(e["flags"]) for e in content["entries"]]
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.set_title(f"服务评估包 {content['number']}")
    pdf.set_auto_page_break(True, margin=12)
    with tempfile.NamedTemporaryFile(suffix=".ttf") as font_file:
        font_file.write(regular_font_for(FIXED + string.printable + "".join(own)))
        font_file.flush()
        pdf.add_font(FONT, fname=font_file.name)
        pdf.add_page()
        _head(pdf, content, verify_url, progress)
        _table(pdf, content["entries"])
        return bytes(pdf.output())


def _line(pdf: FPDF, text: str, size: int = 10, height: float = 6) -> None:
    pdf.set_font(FONT, size=size)
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _head(pdf: FPDF, content: dict, verify_url: str, progress: dict) -> None:
    p, targets = content["project"], content["project"]["targets"]
    _line(pdf, f"服务评估包 Evaluation pack · 编号 {content['number']}", size=16, height=9)
    _line(pdf, f"项目：{p['name']}　购买方：{p['funder']}　承接组织：{p['organisation']}")
    _line(pdf, f"服务社区：{'、'.join(p['communities'])}　期间：{p['period'][0]} 至 {p['period'][1]}　预算：{p['budget']}")
    satisfaction = progress["satisfaction"]
    _line(pdf, f"目标：服务对象 {targets['people']} 人，时长 {targets['hours']} 小时，满意度 {targets['satisfaction']}%　"
               f"进度：服务对象 {progress['people']} 人，确认时长 {progress['hours']} 小时，满意度 "
               f"{'无' if satisfaction is None else f'{satisfaction}%'}（{progress['ratings']} 条评分）")
    _line(pdf, f"共 {len(content['entries'])} 条记录　链头校验码 {content['head_hash']}")
    _line(pdf, f"查验 {verify_url}")
    pdf.ln(2)


def _table(pdf: FPDF, entries: list[dict]) -> None:
    pdf.set_font(FONT, size=8)
    pdf.set_fill_color(235, 240, 245)
    for width, head in zip(COLUMNS, HEADS):
        pdf.cell(width, 6, head, border=1, align="C", fill=True)
    pdf.ln(6)
    for e in entries:
        texts = (e["date"], e["need_title"], e["volunteer"], e["team"] or "", e["hours"],
                 STATUS.get(e["status"], e["status"]), "" if e["rating"] is None else str(e["rating"]),
                 "、".join(e["flags"]), e["hash"][:16])
        for width, text in zip(COLUMNS, texts):
            shown = wrap_cell(text, width - 2 * pdf.c_margin, pdf.get_string_width, max_lines=1)[0]
            pdf.cell(width, 5, shown, border=1)
        pdf.ln(5)
