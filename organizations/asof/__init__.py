"""The directory on a past day: which units existed and under which parent, their names
then, the posts then, who held them, and the contacts then.

Two sources, each for what it knows best:

- **the dated fields of the records as they are now** say *when* something existed:
  a unit or post existed on a day if it was established by then (or, with no date of
  establishment, has a history row written by then) and not abolished before it; an
  appointment ran on a day if its dates say so. Dates entered later (an abolition
  recorded a month after the fact) are the best knowledge there is;
- **the recorded history** (django-simple-history) says *what it was like*: the
  state of a record at the end of a day is its last history row written before the
  next day began (Tashkent time); a record whose first row is later, but whose
  dates say it existed, is shown as first recorded. A unit's row names the unit it
  was under then (``HistoricalUnit.parent_unit``), so a move is one row and the tree
  of any day follows from the rows.

What the viewer sees is cut twice: a value is shown only if it was visible to them
then **and** is visible to them now (the stricter of the two tiers). Every function
runs a fixed number of queries, whatever the depth of the tree or the amount of
history.

``states`` (the day asked for, history rows, units and the tree), ``holders`` (posts,
holders and contacts of a day), ``pages`` (what pages and the API show), ``search``
(search on a past day); all imported from here.
"""

from .holders import Holders, contacts, dress_posts, holders, stricter
from .pages import (
    PersonPage,
    UnitPage,
    past_holders,
    people_holding,
    person_page,
    post,
    unit_page,
    unit_posts,
)
from .search import dress_hits, search_scope
from .states import (
    DateProblem,
    all_units,
    breadcrumbs,
    child_counts,
    children,
    children_of,
    end_of,
    parse_on,
    records_begin,
    top_units,
    unit,
    units,
)

__all__ = [
    "DateProblem",
    "Holders",
    "PersonPage",
    "UnitPage",
    "all_units",
    "breadcrumbs",
    "child_counts",
    "children",
    "children_of",
    "contacts",
    "dress_hits",
    "dress_posts",
    "end_of",
    "holders",
    "parse_on",
    "past_holders",
    "people_holding",
    "person_page",
    "post",
    "records_begin",
    "search_scope",
    "stricter",
    "top_units",
    "unit",
    "unit_page",
    "unit_posts",
    "units",
]
