"""Every message, field message and notification has both languages, and every code the
code raises is declared: a typo or a missing text fails here, not on someone's phone."""
import re
import string
from pathlib import Path

import pytest

from volunteer.messages import FIELD_MESSAGES, MESSAGES
from volunteer.notify.texts import TEXTS

SOURCE = Path(__file__).resolve().parents[1] / "volunteer"
CJK = re.compile(r"[\u3400-\u9fff]")


def _params(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _pairs():
    for code, (zh, en) in MESSAGES.items():
        yield f"message {code}", zh, en
    for code, (zh, en) in FIELD_MESSAGES.items():
        yield f"field {code}", zh, en
    for kind, ((zh_title, zh_body), (en_title, en_body)) in TEXTS.items():
        yield f"notification {kind} title", zh_title, en_title
        yield f"notification {kind} body", zh_body, en_body


@pytest.mark.parametrize("name, zh, en", list(_pairs()), ids=lambda v: v if " " in str(v) else "")
def test_each_text_has_both_languages_with_the_same_params(name, zh, en):
    assert zh.strip() and en.strip(), name
    assert CJK.search(zh), f"{name}: the zh-CN text has no Chinese"
    assert not CJK.search(en), f"{name}: the English text has Chinese in it"
    assert _params(zh) == _params(en), name


def _source():
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py"))


def test_every_error_code_raised_is_declared():
    raised = set(re.findall(
        r"\b(?:ServiceError|InvalidInput|Conflict|NotFound|Forbidden|Unauthorised)\(\s*\"([a-z_]+)\"", _source()))
    raised |= set(re.findall(r"\berror_body\(\s*\"([a-z_]+)\"", _source()))
    assert raised, "the pattern found no codes"
    assert raised - MESSAGES.keys() == set()


def test_every_field_code_raised_is_declared():
    used = set(re.findall(r"\bfield_code\(\s*\"([a-z_]+)\"", _source()))
    assert used - FIELD_MESSAGES.keys() == set()


def test_every_notification_kind_queued_is_declared():
    queued = set(re.findall(r"\bnotify\(\s*[^,]+,\s*\"([a-z_]+)\"", _source()))
    assert len(queued) >= 5
    assert queued - TEXTS.keys() == set()
