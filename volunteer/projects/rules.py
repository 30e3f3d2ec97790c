"""An evaluation pack's chain of entries: pure, no DB, no Flask.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON
(sorted keys, no spaces, UTF-8), the first one chained to 64 zeros. The last hash, the
head, is kept by the server when the pack is issued: a copy whose entries rehash to the
same head is the pack as issued; change, drop or reorder any entry and every hash after
it, and the head, change.
"""
import hashlib
import json

GENESIS = "0" * 64
CHAIN_FIELDS = ("prev_hash", "hash")


def canonical(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k not in CHAIN_FIELDS}
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link(prev_hash: str, entry: dict) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode("utf-8")).hexdigest()


def chain(entries: list[dict]) -> list[dict]:
    """The entries with prev_hash and hash added, in order."""
    out, prev = [], GENESIS
    for entry in entries:
        digest = link(prev, entry)
        out.append({**entry, "prev_hash": prev, "hash": digest})
        prev = digest
    return out


def head(chained: list[dict]) -> str:
    return chained[-1]["hash"] if chained else GENESIS


def first_break(entries: list[dict]) -> int | None:
    """The index of the first entry whose hashes do not follow from those before it (None:
    the chain holds)."""
    prev = GENESIS
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or entry.get("prev_hash") != prev or entry.get("hash") != link(prev, entry):
            return i
        prev = entry["hash"]
    return None


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
