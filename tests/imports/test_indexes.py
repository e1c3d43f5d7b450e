"""The indexes an imported member is written into: each one serves a read, none is a twin."""

from django.db import connection


def _indexes(table):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table]
            )
        return sorted(r[0] for r in cursor.fetchall())


def test_member_indexes(db):
    common = [
        "members_mem_organiz_6eafd4_idx",
        "members_mem_status_734de0_idx",
        "members_member_organization_id_4832e3e5",
        "members_member_sort_key_62b9d12f",
        # partial: the to-do list's screenings (only probationary or incomplete records; a
        # cell's active members, for the cells still to review)
        "member_active_cell",
        "member_probationary",
        "member_todo_missing",
    ]
    if connection.vendor == "postgresql":
        expected = [
            *common,
            "members_member_cccd_key",
            "members_member_party_card_number_key",
            "members_member_pkey",
            "members_member_search_prefixes",
            "members_member_sort_id",
            "members_member_user_id_key",
        ]
    else:
        expected = [
            *common,
            "sqlite_autoindex_members_member_1",
            "sqlite_autoindex_members_member_2",
            "sqlite_autoindex_members_member_3",
        ]
    assert _indexes("members_member") == sorted(expected)


def test_history_indexes(db):
    expected = [
        "members_historicalmember_cccd_0176ad91",
        "members_historicalmember_history_date_ecf71fbd",
        "members_historicalmember_history_user_id_7d52f7fb",
        "members_historicalmember_id_dd2a4140",
        "members_historicalmember_organization_id_db4185b0",
        "members_historicalmember_party_card_number_0fc1df2b",
    ]
    if connection.vendor == "postgresql":
        expected.append("members_historicalmember_pkey")
    assert _indexes("members_historicalmember") == sorted(expected)
