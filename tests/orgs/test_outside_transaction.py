"""Restructuring as deployed, outside a wrapping transaction (`transaction=True`; CI runs it on
SQLite and PostgreSQL): create, rename, move, merge and dissolve through the pages; a split
(no page yet) and a refused restructuring through the services."""

from __future__ import annotations

import pytest

from . import test_pages as page_steps
from . import test_services as service_steps

pytestmark = pytest.mark.django_db(transaction=True)


def test_rename_on_the_page(client, personas, members):
    page_steps.test_office_renames_a_cell(client, personas, members)


def test_create_move_merge_and_dissolve_on_the_pages(client, personas, members):
    page_steps.test_bk_secretary_creates_moves_merges_and_dissolves(client, personas, members)


def test_split(tree, members):
    service_steps.test_split_creates_parts_and_dissolves_source(tree, members)


def test_a_refused_dissolution_changes_nothing(tree, members):
    service_steps.test_dissolving_an_org_with_active_members_is_refused(tree, members)


def test_refusals_on_the_pages_change_nothing(client, personas, members):
    page_steps.test_form_errors_change_nothing(client, personas, members)
