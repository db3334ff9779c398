from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workbench import errors, home
from workbench.login import RateLimitedLoginView
from workbench.reading import urls as reading_urls

urlpatterns = [
    path("", home.home, name="home"),
    path("favicon.ico", home.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Before the desk's own patterns, whose "<slug>/<language>/<key>/" would otherwise swallow "files/".
    path("desk/", include("workbench.exchange.urls")),
    path("desk/", include("workbench.desk.urls")),
]
# The public site: /en/…, /fr/… (every language prefixed, so a shared link names its language); see reading/urls.py.
urlpatterns += [path("", include(reading_urls.unprefixed))]
urlpatterns += i18n_patterns(path("", include(reading_urls)), prefix_default_language=True)

# With DEBUG off: the workbench's 404 page, or the public site's under a language prefix. A refusal (403) needs no
# handler of its own: Django's default renders templates/403.html.
handler404 = errors.not_found
