from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from directory.views import public

CODE = r"(?P<code>[A-Za-z0-9][A-Za-z0-9._-]{0,63})"

urlpatterns = [
    path("", public.home, name="home"),
    re_path(rf"^units/{CODE}/$", public.unit_detail, name="unit"),
    re_path(rf"^posts/{CODE}/$", public.post_detail, name="post"),
    path("people/<slug:slug>/", public.person_detail, name="person"),
    path("search/", public.search, name="search"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
