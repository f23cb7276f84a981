"""/statistics/: vacancies and staleness by body, corrections, reorganisations per
year; SVG drawn on the server with the figures in a table; counted in the viewer's tier."""

import datetime

import pytest
from django.test import Client

from organizations import services, statistics
from organizations.models import Correction, Post
from organizations.permissions import SYSTEM, viewer_for
from organizations.visibility import Viewer

from .conftest import make_unit


@pytest.fixture(autouse=True)
def rendered(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_the_page_draws_svg_charts_with_their_tables(tree):
    services.rename_unit(tree.employment, name_uz="Bandlik", actor=SYSTEM)
    page = Client().get("/statistics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 4 and html.count("<table") == 4
    assert 'role="img"' in html and "<title" in html
    assert "<script" not in html.split("<main")[1]
    assert "/statistics/" in Client().get("/").content.decode()  # linked from every page


def test_counts_are_in_the_viewers_tier(tree, alisher):
    public = {r.label: (r.value, r.total) for r in statistics.vacancies(Viewer.anonymous())}
    signed_in = {r.label: (r.value, r.total) for r in statistics.vacancies(viewer_for(alisher))}
    labour = str(tree.labour.name)
    public_posts = Post.objects.current().filter(
        visibility="public", unit__path__startswith=tree.labour.path
    )
    assert public[labour][1] == public_posts.count()
    assert signed_in[labour][1] > public[labour][1]
    stale = {r.label: r for r in statistics.staleness(Viewer.anonymous())}
    assert stale[labour].total == public_posts.count()
    assert stale[labour].value == stale[labour].total  # nothing confirmed in the test tree


def test_corrections_are_counted_not_shown(tree):
    Client().post("/units/LABOUR/suggest/", {"field": "name", "suggested": "Secret words"})
    counts = {r.label: r.value for r in statistics.corrections()}
    assert counts["Open"] == Correction.objects.count() == 1
    assert "Secret words" not in Client().get("/statistics/").content.decode()


def test_reorganisations_per_year_from_history(tree):
    from .test_as_of import begin_records

    begin_records(datetime.date(2020, 1, 1))
    services.rename_unit(
        tree.employment, name_uz="Bandlik", actor=SYSTEM, effective_on=datetime.date(2023, 3, 1)
    )
    services.move_unit(
        tree.employment, tree.health, actor=SYSTEM, effective_on=datetime.date(2024, 2, 1)
    )
    make_unit(tree.health, "NEW-2025", "Yangi", established_on=datetime.date(2025, 5, 1))
    years = statistics.reorganisations()
    assert years[2023]["renamed"] == 1 and years[2023]["moved"] == 0
    assert years[2024]["moved"] == 1 and years[2024]["renamed"] == 0
    assert years[2025]["established"] >= 1
