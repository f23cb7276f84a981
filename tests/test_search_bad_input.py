"""Nothing typed into the search box or its address can fail the page."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from organizations import permissions
from organizations.search import Filters, search
from organizations.visibility import Viewer


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": ""}, "Type a name"),
        ({"q": "   "}, "Type a name"),
        ({"q": "a" * 1000}, "shortened to 200 characters"),
        ({"q": "!!! ??? ..."}, "Nothing to search for"),
        ({"q": "%"}, "Nothing to search for"),
        ({"q": "_"}, "Nothing to search for"),
        ({"q": "\\"}, "Nothing to search for"),
        ({"q": "'"}, "Nothing to search for"),
        ({"q": "*"}, "Nothing to search for"),
        ({"q": "Rahimov'; DROP TABLE organizations_unit; --"}, "No match for"),
        ({"q": "a%b_c\\d"}, ""),
        ({"q": "Rahimov", "page": "-1"}, "page number was not valid"),
        ({"q": "Rahimov", "page": "abc"}, "page number was not valid"),
        ({"q": "Rahimov", "page": "99999"}, "only 1 pages"),
        ({"q": "Rahimov", "page": "9" * 40}, "page number was not valid"),
        ({"q": "Rahimov", "kind": "spaceship"}, "Unknown kind"),
        ({"q": "Rahimov", "within": "NOPE"}, "There is no unit"),
        ({"q": "Rahimov", "within": "bad code!"}, "not valid: searching everywhere"),
        ({"q": "Rahimov", "vacant": "maybe"}, ""),
        ({"q": "Rahimov", "unknown": "1"}, ""),
        ({"q": "+++---"}, "Nothing to search for"),
        ({"q": "1"}, "Nothing found"),
    ],
)
def test_bad_input_gives_a_normal_page_with_a_message(tree, citizen, params, message):
    response = citizen.get("/search/", params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_invalid_utf8_in_the_address_is_a_normal_page(tree, citizen):
    response = citizen.get("/search/?q=%ff%fe%fd&page=%c3%28")
    assert response.status_code == 200


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.text(max_size=300),
    page=st.one_of(st.none(), st.text(max_size=12), st.integers().map(str)),
    kind=st.one_of(
        st.none(), st.sampled_from(["", "unit", "post", "person", "x"]), st.text(max_size=10)
    ),
    within=st.one_of(st.none(), st.text(max_size=70)),
)
def test_fuzzed_parameters_never_fail_the_page(tree, citizen, q, page, kind, within):
    params = {"q": q}
    for name, value in (("page", page), ("kind", kind), ("within", within)):
        if value is not None:
            params[name] = value
    # A NUL character is refused for every view at once (SafeParametersMiddleware).
    expected = 400 if any("\x00" in value for value in params.values()) else 200
    assert citizen.get("/search/", params).status_code == expected


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=200))
def test_fuzzed_queries_never_fail_the_search_for_any_tier(tree, cast, q):
    for member in ("citizen", "dilnoza", "admin"):
        viewer = permissions.viewer_for(cast[member]) if cast[member] else Viewer.anonymous()
        results = search(viewer, q, Filters())
        assert results.total >= len(results.hits)


def test_hangul_the_romanizer_has_no_table_for_is_searched_not_failed(tree):
    """korean-romanizer raises KeyError on some rare final consonants (ᆶ in 끓)."""
    from organizations.search import Filters, search
    from organizations.visibility import Viewer

    for text in ("끓", "끓는 물", "김끓"):
        assert search(Viewer.anonymous(), text, Filters()).total == 0
