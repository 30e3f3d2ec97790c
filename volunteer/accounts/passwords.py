"""Passwords nobody should be allowed: the ones people everywhere pick first.

The list is the commonest choices seen in published password-leak studies, Chinese and
international (keyboard runs, repeated digits, lucky numbers, 我爱你 as 5201314, pinyin).
A password is also refused when it is one character repeated, a run of digits, or the
person's own phone number.
"""
COMMON = frozenset("""
12345678 123456789 1234567890 11111111 00000000 88888888 66666666 99999999 87654321 12341234
11223344 12121212 11112222 123123123 147258369 123456abc 1234qwer qwer1234 qwertyui asdfghjk
zxcvbnm1 1qaz2wsx 1q2w3e4r qazwsxed password password1 passw0rd p@ssw0rd iloveyou abc12345
abcd1234 a1234567 a12345678 aa123456 aaaaaaaa woaini1314 5201314520 52013145 1314520520 woaini520
wangyang zhang123 li123456 wang1234 admin123 admin888 administrator root1234 welcome1 sunshine
princess football baseball dragon12 monkey12 letmein1 trustno1 superman computer internet
mima1234 mima123456 aini1314 zhongguo beijing1 shanghai 1qazxsw2 q1w2e3r4 123qweasd qweasdzxc
""".split())


def too_common(password: str, phone: str) -> bool:
    text = password.strip().lower()
    if text in COMMON or text == phone or len(set(text)) <= 2:
        return True
    digits = "01234567890123456789"
    return text.isdigit() and (text in digits or text in digits[::-1])
