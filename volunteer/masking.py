"""What strangers may see of a person: the surname, the ends of a phone number."""


def mask_name(name: str) -> str:
    """张伟 -> 张*, 欧阳娜娜 -> 欧***; a one-character name stays as it is."""
    return name[:1] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """13800001234 -> 138****1234; short numbers keep only their last two digits."""
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 0) + phone[-2:]
