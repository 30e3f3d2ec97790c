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
    # A field problem is always a code: never a sentence written where it is raised.
    assert re.findall(r"fields=\{[^}]*:\s*f?\"", _source()) == []
    assert re.findall(r"ValidationError\(\s*f?\"", _source()) == []


def test_every_notification_kind_queued_is_declared():
    queued = set(re.findall(r"\bnotify\(\s*[^,]+,\s*\"([a-z_]+)\"", _source()))
    assert len(queued) >= 5
    assert queued - TEXTS.keys() == set()


# Values of the wrong kind for any field: each schema meets each, and must answer in codes.
ODD_VALUES = [None, "", "x" * 3000, "not a date", -10**20, 10**20, 1.5, True, [], {}, [{"a": 1}],
              {"lat": 999, "lng": "x"}, "2026-13-45T99:99", float("nan")]


def _schemas():
    import importlib
    import inspect

    import marshmallow as ma

    for path in sorted(SOURCE.rglob("schemas.py")):
        module = importlib.import_module(".".join(path.relative_to(SOURCE.parent).with_suffix("").parts))
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, ma.Schema) and cls.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", cls


def _leaves(problems):
    if isinstance(problems, dict):
        for value in problems.values():
            yield from _leaves(value)
    elif isinstance(problems, list):
        for value in problems:
            yield from _leaves(value)
    else:
        yield str(problems)


@pytest.mark.parametrize("name, schema", list(_schemas()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_field_problem_a_schema_finds_is_a_code_with_both_languages(app, name, schema):
    import marshmallow as ma

    found = set()
    for value in ODD_VALUES:
        instance = schema()
        body = {field: value for field in instance.load_fields} | {"no_such_field": 1}
        with app.test_request_context():
            for attempt in (body, {}, "not an object"):
                try:
                    instance.load(attempt)
                except ma.ValidationError as error:
                    found |= set(_leaves(error.messages))
    assert found, f"{name} found no problem in odd input"
    assert {text for text in found if text.partition("|")[0] not in FIELD_MESSAGES} == set(), name
