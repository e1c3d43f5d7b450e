"""Imports as deployed, outside a wrapping transaction (`transaction=True`; CI runs it on
SQLite and PostgreSQL): one job confirmed 20 times at once is applied once. (Upload, preview
and confirm through the pages rerun outside a transaction at the end of test_pages.py.)"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from coso.imports.models import ImportJob, ImportStatus
from coso.members.models import Member, MembershipEvent
from tests.helpers import as_rows, member_row, upload, verified_login, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_job_confirmed_twenty_times_at_once_is_applied_once(login, office, tree):
    rows = [member_row(1), member_row(2), member_row(3)]
    upload(login(office), xlsx_bytes(as_rows(rows)))
    job = ImportJob.objects.get()
    assert (job.status, job.new_rows) == (ImportStatus.PREVIEWED, 3)
    url = reverse("import_job_confirm", args=[job.pk])
    barrier = threading.Barrier(20)

    def confirm(_):
        try:
            client = Client()
            client.cookies["django_language"] = "en"
            verified_login(client, office)  # the device exists: login(office) made it
            barrier.wait(timeout=60)
            return client.post(url).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(confirm, range(20)))
    assert statuses == [302] * 20
    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.DONE, "3 member(s) added, 0 updated.")
    assert Member.objects.count() == 3
    assert MembershipEvent.objects.count() == 3
    assert Member.history.count() == 3
