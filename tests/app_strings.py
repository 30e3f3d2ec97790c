"""The web app's strings, read from static/js/strings.js: key -> (zh, en)."""
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "static" / "js" / "strings.js"
ENTRY = r"^\s*(\w+): \[\s*'((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'\]"


def app_strings() -> dict[str, tuple[str, str]]:
    unescape = lambda text: re.sub(r"\\(.)", r"\1", text)  # noqa: E731
    return {key: (unescape(zh), unescape(en)) for key, zh, en in re.findall(ENTRY, SOURCE.read_text(), re.M)}
