"""Dashboard rules: shares, targets, months and percentiles, without a database."""
from datetime import date

from volunteer.dashboards import rules


def test_urban_and_rural_targets_differ():
    assert rules.volunteer_ratio("urban", 10, 100) == {"ratio": 0.1, "target": 0.1, "meets": True}
    assert rules.volunteer_ratio("urban", 9, 100)["meets"] is False
    assert rules.volunteer_ratio("rural", 6, 100) == {"ratio": 0.06, "target": 0.06, "meets": True}
    assert rules.volunteer_ratio("rural", 0, 0) == {"ratio": None, "target": 0.06, "meets": False}


def test_satisfaction_meets_at_eighty_percent():
    assert rules.satisfaction(5, 4)["meets"] is True
    assert rules.satisfaction(10, 7) == {"ratings": 10, "satisfied": 7, "rate": 0.7, "target": 0.8,
                                               "meets": False}
    assert rules.satisfaction(0, 0)["rate"] is None


def test_last_months_cross_the_new_year():
    assert rules.last_months(date(2026, 2, 14), 4) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert len(rules.last_months(date(2026, 12, 31), 12)) == 12


def test_percentile_is_nearest_rank():
    assert rules.percentile([], 0.5) is None
    assert rules.percentile([30.0], 0.9) == 30.0
    assert rules.percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert rules.percentile(list(range(1, 11)), 0.9) == 9
