"""The API's field errors appear next to the field they name, in the reader's language."""
import pytest

from tests.e2e.conftest import HAVE_CHROMIUM, NO_CHROMIUM, shot
from tests.e2e.screen import check_screen, expect_refusal

pytestmark = pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)


def test_registration_errors_sit_next_to_their_fields(live, phone):
    page = phone().new_page()
    page.goto("/")
    page.get_by_role("button", name="没有账号？注册").click()
    page.get_by_label("真实姓名").fill("王")
    page.get_by_label("手机号").fill("12345")
    page.get_by_label("密码").fill("short")
    expect_refusal(page, 422, "/api/v1/auth/register")
    page.get_by_role("button", name="注册并登录").click()
    phone_error = page.locator("[data-error-for='phone']")
    phone_error.get_by_text("请输入 11 位手机号。").wait_for()
    assert page.get_by_label("手机号").get_attribute("aria-invalid") == "true"
    assert "2 到 30" in page.locator("[data-error-for='name']").inner_text()
    assert "至少 8 位" in page.locator("[data-error-for='password']").inner_text()
    check_screen(page)
    shot(page, "login-field-errors")
