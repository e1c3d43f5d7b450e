"""The inspection team's member pickers on a phone (390×844), in a real browser: the select
offers nobody until a search; a search fills it (htmx); a second search keeps the members
chosen; the team is saved. The schedule page's organization box suggests as typed. No
sideways scroll; screenshots in COSO_SCREENSHOTS (when set)."""

import datetime as dt
import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coso.accounts.services import add_user
from coso.inspection import services
from coso.inspection.models import TeamMember
from tests.e2e.browser import PHONE, fits_the_phone, sign_in
from tests.helpers import PASSWORD, make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = dt.date


def _shot(page, name):
    folder = os.environ.get("COSO_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_the_team_is_chosen_by_searches_on_a_phone(live_server, page, tree):
    chair = add_user("ubkt_bk", organization=tree["DUK-BK"], role="inspection_chair",
                     password=PASSWORD)  # fmt: skip
    binh = make_member(tree["DUK-BK-CK"], "Bình", family="Lê")
    anh = make_member(tree["DUK-BK-CK"], "Ánh", family="Phạm", middle="Thị", sex="female")
    hoa = make_member(tree["DUK-BK-CNTT"], "Hoa", middle="Thị", sex="female")
    for k in range(30):
        make_member(tree["DUK-BK-CNTT"], f"Thêm{k}")
    plan = services.adopt_plan(tree["DUK-BK"], body="inspection_committee", year=2026,
                               title="KH 2026", adopted_on=D(2025, 12, 20), actor=chair)  # fmt: skip
    inspection = services.schedule(
        plan, activity="inspection", kind="regular", topic="Đảng phí", starts_on=D(2026, 3, 2),
        ends_on=D(2026, 3, 31), subject_organization=tree["DUK-BK-CNTT"], actor=chair,
    )  # fmt: skip
    page.set_viewport_size(PHONE)
    # a committee's inspection chair signs in with a second factor (an app made here)
    device = TOTPDevice.objects.create(user=chair, name="app", confirmed=True)
    sign_in(page, live_server.url, "ubkt_bk", lands_on="/login/code/?next=/")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.press("input[name=code]", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/team/")
    assert page.locator("#id_leader option").count() == 1
    assert page.locator("#id_members option").count() == 0
    page.fill("#id_leader-search", "binh")
    page.wait_for_selector(f"#id_leader option[value='{binh.pk}']", state="attached")
    page.select_option("#id_leader", str(binh.pk))
    page.fill("#id_members-search", "anh")
    page.wait_for_selector(f"#id_members option[value='{anh.pk}']", state="attached")
    page.select_option("#id_members", [str(anh.pk)])
    page.fill("#id_members-search", "hoa")
    page.wait_for_selector(f"#id_members option[value='{hoa.pk}']", state="attached")
    # Ánh, chosen before, is still offered and chosen
    assert page.locator(f"#id_members option[value='{anh.pk}']").evaluate("o => o.selected")
    page.select_option("#id_members", [str(anh.pk), str(hoa.pk)])
    _shot(page, "inspection-team")
    assert fits_the_phone(page)
    page.click("#step-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/inspections/{inspection.pk}/")
    assert sorted(TeamMember.objects.values_list("member__given_name", "role")) == [
        ("Bình", "leader"), ("Hoa", "member"), ("Ánh", "member")]  # fmt: skip
    page.goto(f"{live_server.url}/inspection-plans/{plan.pk}/schedule/")
    page.fill("#id_subject_organization", "co khi")
    page.wait_for_selector("#id_subject_organization-matches button", state="attached")
    _shot(page, "inspection-schedule")
    assert fits_the_phone(page)
