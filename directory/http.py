"""What the portal's views receive: Django's request, plus what its middleware adds."""

from __future__ import annotations

import datetime

from django.http import HttpRequest

from organizations.visibility import Viewer


class DirectoryRequest(HttpRequest):
    """A request as views see it: ``viewer`` (what the visitor may see) is set by
    ``directory.middleware.ViewerMiddleware`` on every request."""

    viewer: Viewer
    #: The past day a page shows (``?on=``, read by ``views.public.dated``); None for today.
    as_of: datetime.date | None
