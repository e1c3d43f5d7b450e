"""What the browser tests share: signing in through the login page, the phone's screen, and
whether a page fits it without sideways scrolling."""

from tests.helpers import PASSWORD

#: the phone every page must work on (DESIGN: phone first)
PHONE = {"width": 390, "height": 844}


def sign_in(page, base: str, username: str, *, lands_on: str = "/") -> None:
    """Sign `username` in through the login page with the tests' password; waits until the
    browser is at `lands_on` (the home page, or the second-step page of an office account)."""
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}{lands_on}")


def fits_the_phone(page) -> bool:
    """No sideways scroll at the phone's width."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
