from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from directory.views import account, api, corrections, edit, public, structure
from organizations.models import CODE_PATTERN

CODE = rf"(?P<code>{CODE_PATTERN})"

urlpatterns = [
    path("", public.home, name="home"),
    re_path(rf"^units/{CODE}/$", public.unit_detail, name="unit"),
    re_path(rf"^units/{CODE}/timeline/$", structure.unit_timeline, name="unit_timeline"),
    re_path(rf"^units/{CODE}/chart/$", structure.unit_chart, name="unit_chart"),
    re_path(rf"^posts/{CODE}/$", public.post_detail, name="post"),
    path("people/<slug:slug>/", public.person_detail, name="person"),
    path("search/", public.search, name="search"),
    path("statistics/", structure.statistics_page, name="statistics"),
    # Open data: the read-only API, exports, contact cards.
    path("api/", api.root, name="api_root"),
    path("api/openapi.json", api.openapi, name="api_openapi"),
    path("api/units/", api.units, name="api_units"),
    re_path(rf"^api/units/{CODE}/$", api.unit, name="api_unit"),
    re_path(rf"^api/posts/{CODE}/$", api.post, name="api_post"),
    path("api/people/", api.people, name="api_people"),
    path("api/people/<slug:slug>/", api.person, name="api_person"),
    path("api/search/", api.search, name="api_search"),
    path("export/", api.export, name="export"),
    path("people/<slug:slug>/vcard/", public.person_vcard, name="person_vcard"),
    re_path(rf"^posts/{CODE}/vcard/$", public.post_vcard, name="post_vcard"),
    # Editing (signed-in editors; every view checks the permission, every service again).
    path("edit/", edit.dashboard, name="dashboard"),
    path("edit/verify/", edit.verify, name="verify"),
    path("edit/verify-unit/", edit.verify_unit, name="verify_unit"),
    path("edit/corrections/", corrections.correction_list, name="corrections"),
    path("edit/corrections/<int:pk>/", corrections.correction_detail, name="correction"),
    path("edit/people/choices/", edit.person_choices, name="person_choices"),
    re_path(rf"^units/{CODE}/edit/$", edit.unit_edit, name="unit_edit"),
    re_path(rf"^units/{CODE}/add-unit/$", edit.unit_create, name="unit_create"),
    re_path(rf"^units/{CODE}/rename/$", edit.unit_rename, name="unit_rename"),
    re_path(rf"^units/{CODE}/move/$", edit.unit_move, name="unit_move"),
    re_path(rf"^units/{CODE}/merge/$", edit.unit_merge, name="unit_merge"),
    re_path(rf"^units/{CODE}/split/$", edit.unit_split, name="unit_split"),
    re_path(rf"^units/{CODE}/abolish/$", edit.unit_abolish, name="unit_abolish"),
    re_path(rf"^units/{CODE}/editors/$", edit.unit_editors, name="unit_editors"),
    re_path(rf"^units/{CODE}/add-post/$", edit.post_create, name="post_create"),
    re_path(rf"^posts/{CODE}/edit/$", edit.post_edit, name="post_edit"),
    re_path(rf"^posts/{CODE}/abolish/$", edit.post_abolish, name="post_abolish"),
    re_path(rf"^posts/{CODE}/appoint/$", edit.post_appoint, name="post_appoint"),
    path("appointments/<int:pk>/edit/", edit.appointment_edit, name="appointment_edit"),
    path("people/<slug:slug>/edit/", edit.person_edit, name="person_edit"),
    path("contacts/<int:pk>/edit/", edit.contact_edit, name="contact_edit"),
]

# Contacts and history of units, posts and people, under each record's own address.
KEY = r"(?P<key>[A-Za-z0-9][A-Za-z0-9._-]{0,119})"
for prefix, kind in (("units", "unit"), ("posts", "post"), ("people", "person")):
    urlpatterns += [
        re_path(
            rf"^{prefix}/{KEY}/add-contact/$",
            edit.contact_add,
            {"owner_kind": kind},
            name=f"{kind}_contact_add",
        ),
        re_path(
            rf"^{prefix}/{KEY}/history/$", edit.history, {"kind": kind}, name=f"{kind}_history"
        ),
        # "Report a mistake": citizens, no sign-in.
        re_path(
            rf"^{prefix}/{KEY}/suggest/$",
            corrections.suggest,
            {"kind": kind},
            name=f"{kind}_suggest",
        ),
        re_path(
            rf"^{prefix}/{KEY}/history/(?P<history_id>[0-9]{{1,18}})/restore/$",
            edit.history_restore,
            {"kind": kind},
            name=f"{kind}_history_restore",
        ),
    ]

urlpatterns += [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/settings/", account.account_settings, name="account_settings"),
    path("i18n/setlang/", public.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler404 = "directory.views.errors.page_not_found"
handler500 = "directory.views.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
