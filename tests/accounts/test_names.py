"""Real names as people have them: Han characters past the basic block, minority names' middle dot."""
import pytest
from sqlalchemy import select

from models import User, db
from tests.conftest import PRIVACY

from volunteer.accounts.schemas import NAME


@pytest.mark.parametrize("name", [
    "李𬌗", "王𠮷", "陈㛃", "𪚥东", "張﨑", "买买提·艾力", "欧阳娜娜", "Alice Smith", "O'Neil",
])
def test_real_names_are_accepted(name):
    assert NAME.match(name)


@pytest.mark.parametrize("name", ["李", "12345", "张三!", "🙂🙂", "李\u0000伟"])
def test_what_is_not_a_name_is_refused(name):
    assert not NAME.match(name)


def test_a_resident_registers_with_a_name_beyond_the_basic_block(app, client, home_grid):
    r = client.post("/api/v1/auth/register", json={"phone": "13912340001", "password": "secret123", "name": "李𬌗",
                                                   "grid_id": home_grid, "privacy_version": PRIVACY})
    assert r.status_code == 202, r.json
    with app.app_context():
        assert db.session.scalar(select(User.name).where(User.phone == "13912340001")) == "李𬌗"
