"""What the browser tests share: signing in through the login page (and its second step), the
phone's screen, whether a page fits it without sideways scrolling, and what a page measures
(its width, its card lists, its buttons off the screen or below a thumb's 44 px)."""

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coso.accounts.otp import otp_required
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


def sign_in_verified(page, base: str, username: str, password: str = PASSWORD) -> None:
    """The login page, then the second step where the role asks for one (a device made here)."""
    user = get_user_model().objects.get(username=username)
    device = None
    if otp_required(user):
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    if device is not None:
        page.wait_for_url(f"{base}/login/code/?next=/")
        page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
        page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{base}/")


def fits_the_phone(page) -> bool:
    """No sideways scroll at the phone's width."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


#: what the page measures: the page's width, the card lists' headers and rows, and every
#: button or row action that is off the screen or shorter than a thumb
MEASURE = """(lists) => {
  const W = window.innerWidth, out = {width: document.documentElement.scrollWidth, lists: {}, bad: []};
  for (const sel of lists) {
    const table = document.querySelector(sel);
    if (!table) continue;
    const rows = [...table.querySelectorAll(':scope > tbody > tr:not(.card-group)')];
    out.lists[sel] = {
      header: getComputedStyle(table.tHead).display,
      rows: rows.length,
      wide: rows.filter(r => r.getBoundingClientRect().right > W + 0.5).length,
      block: rows.filter(r => getComputedStyle(r).display === 'block').length,
    };
  }
  document.querySelectorAll('main .btn, main .row-actions a, main .row-actions button').forEach(b => {
    const r = b.getBoundingClientRect();
    if (r.width === 0 || getComputedStyle(b).visibility === 'hidden') return;
    if (r.left < -0.5 || r.right > W + 0.5 || r.height < 43.5)
      out.bad.push(`${b.id || b.innerText.trim().slice(0, 30)}: x ${Math.round(r.left)}–${Math.round(r.right)}, h ${Math.round(r.height)}`);
  });
  return out;
}"""


#: what a thumb cannot hit on the page: a tick's label, a fold's summary or a button of the
#: page's main part shorter or narrower than 44 px (`main .btn` is MEASURE's too)
SMALL_TARGETS = """() => [...document.querySelectorAll('main label.tick, main summary, main .btn')]
  .map(e => [e, e.getBoundingClientRect()])
  .filter(([e, r]) => r.width > 0 && (r.height < 43.5 || r.width < 43.5))
  .map(([e, r]) => `${e.id || e.innerText.trim().slice(0, 30)}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
#: the page's width as the browser scrolls it (no sideways scroll: at most the phone's)
SCROLL_WIDTH = "document.scrollingElement.scrollWidth"
