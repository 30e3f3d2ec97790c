"""The unified social credit code (统一社会信用代码, GB 32100-2015): pure, no DB, no Flask.

Eighteen characters from 0-9 and 26 capitals without I, O, Z, S and V; the last is a
check character over the first seventeen (weights 3^i mod 31), so a mistyped code is
caught before anyone acts on it.
"""
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def is_credit_code(code: str) -> bool:
    return (len(code) == 18 and all(c in ALPHABET for c in code)
            and code[17] == check_character(code[:17]))
