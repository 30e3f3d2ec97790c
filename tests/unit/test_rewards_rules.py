"""Pure rules of certificates, satisfaction and masking: no database."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from volunteer.certificates import rules as certificate_rules
from volunteer.masking import mask_name, mask_phone
from volunteer.reports import rules as report_rules


def test_names_and_phones_are_masked_for_strangers():
    assert mask_name("张伟") == "张*" and mask_name("李") == "李"
    assert mask_phone("13800001234") == "138****1234" and mask_phone("95512") == "***12"


@pytest.mark.parametrize("name, masked", [
    ("欧阳娜娜", "欧阳**"), ("诸葛亮", "诸葛*"), ("司马相如", "司马**"), ("上官婉儿", "上官**"),
    ("拓跋宏", "拓跋*"), ("万俟卨", "万俟*"), ("张伟", "张*"), ("王小明", "王**"),
    ("欧阳", "欧*"),  # two characters: a surname 欧 and a given name 阳, or a surname alone
    ("李𬌗", "李*"), ("𬌗李", "𬌗*"), ("买买提·艾力", "买*****"),
    ("Alice Smith", "A**********"), ("Li", "L*"), ("", ""),
])
def test_compound_surnames_stay_whole_when_masked(name, masked):
    assert mask_name(name) == masked


def test_the_target_is_met_at_exactly_eighty_percent():
    assert report_rules.meets_target(80, 100, 80) is True
    assert report_rules.meets_target(79, 100, 80) is False
    assert report_rules.meets_target(4, 5, 80) is True
    assert report_rules.meets_target(0, 0, 80) is None and report_rules.share(0, 0) is None
    assert report_rules.share(2, 3) == 0.6667


def test_a_period_covers_whole_local_days():
    start, end = certificate_rules.period_in_utc(date(2026, 3, 1), date(2026, 3, 31))
    assert start.astimezone(timezone.utc) == datetime(2026, 2, 28, 16, tzinfo=timezone.utc)
    assert end.astimezone(timezone.utc) == datetime(2026, 3, 31, 16, tzinfo=timezone.utc)


def test_the_content_hash_is_stable_and_changes_with_the_hours():
    def content(hours):
        return certificate_rules.canonical_content(7, "李娜", date(2026, 1, 1), date(2026, 6, 30),
                                                   [(12, Decimal(hours)), (3, Decimal("1.5"))], 2)

    first = content("2.00")
    assert first["hours"] == "3.50" and first["records"] == [[3, "1.50"], [12, "2.00"]]
    assert certificate_rules.content_hash(first) == certificate_rules.content_hash(content("2"))
    assert certificate_rules.content_hash(first) != certificate_rules.content_hash(content("2.01"))
