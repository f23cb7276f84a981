"""The sign-in backend (directory/auth.py): the user and what they may do in one prepared
statement per request, the same answer as asking the permission tables, and rights that
change take effect on the very next request."""

import psycopg
import pytest
from django.contrib.auth.models import Group
from django.db import ProgrammingError, connection
from django.test.utils import CaptureQueriesContext

from directory.auth import DirectoryBackend
from organizations import permissions, services, sql
from organizations.permissions import SYSTEM
from organizations.visibility import ADMINISTRATORS_GROUP


def _fresh(user):
    """The user as a new request loads it from the session."""
    return DirectoryBackend().get_user(str(user.pk))


def test_the_user_comes_with_the_same_rights_the_permission_tables_give(
    tree, alisher, dilnoza, admin, django_user_model
):
    group = Group.objects.create(name="Tax editors")
    by_group = django_user_model.objects.create_user(username="through-group", password="x")
    by_group.groups.add(group)
    services.grant_editor(group, tree.labour, permissions.MANAGE, actor=SYSTEM)
    for user in (alisher, dilnoza, admin, by_group):
        loaded = _fresh(user)
        assert loaded.pk == user.pk and loaded.username == user.username
        assert loaded.password == user.password and loaded.is_staff == user.is_staff
        groups = frozenset(user.groups.values_list("name", flat=True))
        assert loaded.directory_rights == (
            groups,
            tuple(sorted(set(permissions.granted_paths(user)))),
        )
        assert permissions.viewer_for(loaded) == permissions.viewer_for(user)
        assert permissions.is_administrator(loaded) == permissions.is_administrator(user)
    assert permissions.viewer_for(_fresh(by_group)).editable_paths == (tree.labour.path,)
    assert permissions.viewer_for(_fresh(dilnoza)).editable_paths == (tree.labour.path,)
    assert permissions.viewer_for(_fresh(admin)).is_administrator


def test_one_statement_loads_the_user_and_their_rights(tree, dilnoza):
    with CaptureQueriesContext(connection) as queries:
        viewer = permissions.viewer_for(_fresh(dilnoza))
    assert viewer.is_editor
    assert len(queries) == 1
    # what was run is in the log with its values, though it is a prepared statement
    assert str(dilnoza.pk) in queries[0]["sql"] and "auth_user" in queries[0]["sql"]


@pytest.mark.parametrize("user_id", ["", "abc", "99999999", "1; DROP TABLE auth_user", "\x00"])
def test_an_unknown_or_garbled_user_id_is_nobody(db, user_id):
    assert DirectoryBackend().get_user(user_id) is None


def test_an_inactive_account_is_not_signed_in(tree, alisher):
    alisher.is_active = False
    alisher.save()
    assert _fresh(alisher) is None


def test_rights_given_or_taken_apply_on_the_next_request(tree, alisher, client_for):
    reader = client_for(alisher)
    assert b"Editors&#x27; dashboard" not in reader.get("/units/LABOUR/").content
    grant = services.grant_editor(alisher, tree.labour, permissions.CHANGE, actor=SYSTEM)
    page = reader.get("/units/LABOUR/")
    assert b"Edit details" in page.content and "X-Page-Cache" not in page
    services.revoke_editor(grant, actor=SYSTEM)
    assert b"Edit details" not in reader.get("/units/LABOUR/").content
    alisher.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])
    assert b"Edit details" in reader.get("/units/LABOUR/").content


def test_a_civil_servants_kept_page_costs_three_queries(tree, alisher, client_for):
    """Session, user with rights, change counter: nothing else, however large the tree."""
    reader = client_for(alisher)
    assert reader.get("/units/LABOUR/")["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        page = reader.get("/units/LABOUR/")
    assert page["X-Page-Cache"] == "hit"
    tables = [q["sql"] for q in queries]
    assert len(tables) == 3, tables
    assert "django_session" in tables[0] and "auth_user" in tables[1]


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_by_the_first_statement():
    """``sql.fetch`` is its own health check: on a kept connection that the server ended
    it runs again on a new one; a statement that is wrong still fails as it should."""
    connection.ensure_connection()
    old = connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        # Ended from outside, as a restart would (another session does the killing).
        cursor.execute("SELECT 1")
    with psycopg.connect(**connection.get_connection_params() | {"autocommit": True}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [old])
    connection.health_check_done = False  # a new request begins
    assert sql.fetch("SELECT 41 + 1") == [(42,)]
    assert connection.connection.info.backend_pid != old
    connection.health_check_done = False
    with pytest.raises(ProgrammingError):
        sql.fetch("SELECT * FROM no_such_table")
    assert sql.fetch("SELECT 1") == [(1,)]


def test_a_session_made_for_scripts_signs_the_browser_in(tree, alisher):
    from django.test import Client

    from directory.sessions import signed_in_session

    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.cookies["sessionid"] = signed_in_session(alisher)
    assert b"Signed in as alisher" in browser.get("/units/LABOUR/").content
