"""The main pages load in chromium under the Content-Security-Policy with no violation: no
inline script or style left in a template, nothing from elsewhere."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# every violation, as the page's own listener sees it (Playwright's init script is not subject
# to the page's CSP)
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


def visit(pg, url, wait_for=None):
    response = pg.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    if wait_for:
        pg.locator(wait_for).first.wait_for()
    pg.wait_for_load_state("networkidle")
    return pg.evaluate("window.__csp")


def test_main_pages_load_without_csp_violations(live_server, page, members, office, tree):  # noqa: F811
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    device = TOTPDevice.objects.create(user=office, name="app", confirmed=True)
    admin_device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    page.add_init_script(LISTEN)
    console = []
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # the office needs its second factor: the code page, under the same policy
    page.wait_for_url(f"{base}/login/code/?next=/")
    assert page.evaluate("window.__csp") == []
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{base}/")
    member = members["an"]
    violations = {}
    for path, wait_for in [
        ("/", None),
        ("/organizations/", ".org-tree"),
        ("/organizations/DUK-BK/", None),
        ("/members/", None),
        ("/members/?search=nguyen", None),
        (f"/members/{member.pk}/", None),
        (f"/members/{member.pk}/edit/", None),
        ("/members/new/", None),
        ("/admission/", None),
        ("/admission/cells/DUK-BK-CNTT/", ".pipeline"),
        ("/transfers/", None),
        ("/todo/", "#todo-by-org"),
        ("/imports/", None),
        ("/api/docs/", ".swagger-ui .info"),
    ]:
        violations[path] = visit(page, f"{base}{path}", wait_for)
    # an htmx request: the member search as one types, and a subtree opened in the tree
    page.goto(f"{base}/members/")
    page.fill("input[name=search]", "tran")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)
    violations["/members/ (htmx)"] = page.evaluate("window.__csp")
    page.goto(f"{base}/organizations/")
    page.locator(".org-tree summary").first.click()
    page.wait_for_load_state("networkidle")
    violations["/organizations/ (htmx)"] = page.evaluate("window.__csp")
    # an import in progress: the bar's width comes from data, set by coso.js (not inline)
    from coso.imports.models import ImportJob, ImportStatus

    job = ImportJob.objects.create(
        user=office, filename="ds.xlsx", status=ImportStatus.RUNNING, progress=42
    )
    violations["/imports/<job>/"] = visit(page, f"{base}/imports/{job.pk}/", ".progress-bar")
    bar = page.locator("#import-progress .progress-bar")
    assert bar.evaluate("e => e.style.width") == "42%"
    ImportJob.objects.filter(pk=job.pk).update(progress=77)
    for _ in range(50):  # htmx polls every second and swaps the bar in
        if bar.evaluate("e => e.style.width") == "77%":
            break
        page.wait_for_timeout(200)
    assert bar.evaluate("e => e.style.width") == "77%"
    violations["/imports/<job>/ (htmx)"] = page.evaluate("window.__csp")
    # the admin site
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/login/code/?next=/admin/")
    page.fill("input[name=code]", f"{totp(admin_device.bin_key):06d}")
    page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{base}/admin/")
    for path in [
        "/admin/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/accounts/roleassignment/add/",
    ]:
        violations[path] = visit(page, f"{base}{path}")
    assert {path: found for path, found in violations.items() if found} == {}
    assert console == []
    assert errors == []
