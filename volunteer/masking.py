"""What strangers may see of a person: the surname, the ends of a phone number."""

# Two-character Chinese surnames: a stranger sees the whole surname, as with a one-character one.
COMPOUND_SURNAMES = frozenset((
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 "
    "西门 百里 呼延 澹台 万俟 闻人 赫连 申屠 钟离 太史 濮阳 淳于 单于 公冶 宗政 司空 亓官 仲孙 "
    "拓跋 东郭 南门 羊舌 微生 左丘 东门 梁丘 谷梁 宰父 乐正 壤驷 公良 公西 巫马 漆雕 段干 "
    "子车 颛孙 公羊 归海 鲜于 闾丘 第五 夹谷 司寇 公伯 即墨 哈拉"
).split())


def surname_of(name: str) -> str:
    """The part of a name a stranger may see: a compound surname whole, else the first character.

    Characters are code points, so one beyond the basic block (李𬌗) counts as one.
    """
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def mask_name(name: str) -> str:
    """张伟 -> 张*, 欧阳娜娜 -> 欧阳**, Alice -> A****; a one-character name stays as it is."""
    shown = surname_of(name)
    return shown + "*" * (len(name) - len(shown))


def mask_phone(phone: str) -> str:
    """13800001234 -> 138****1234; short numbers keep only their last two digits."""
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]
