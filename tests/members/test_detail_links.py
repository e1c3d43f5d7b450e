import datetime as dt

from django.urls import reverse

from tests.helpers import make_member, verified_login


def test_member_page_links_to_lifecycle_and_probation(client, tree, members, cell_secretary):
    verified_login(client, cell_secretary)
    official = members["an"]
    html = client.get(reverse("member_detail", args=[official.pk])).content.decode()
    assert f'href="{reverse("member_lifecycle", args=[official.pk])}"' in html
    assert 'id="member-probation-link"' not in html

    probationary = make_member(
        tree["DUK-BK-CNTT"], "Mai", middle="Thị", sex="female", status="probationary",
        birth_date=dt.date(2003, 3, 3), admitted_on=dt.date(2026, 3, 2), recognized_on=None,
        active_from=dt.date(2026, 3, 2),
    )  # fmt: skip
    html = client.get(reverse("member_detail", args=[probationary.pk])).content.decode()
    assert f'href="{reverse("probation_detail", args=[probationary.pk])}"' in html
    assert client.get(reverse("probation_detail", args=[probationary.pk])).status_code == 200
