from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import include, path

from accounts import clinic_views
from accounts import urls as account_urls
from accounts import views as account_views
from config import pwa, views
from progress import urls as progress_urls
from progress import views as progress_views
from reminders import urls as reminders_urls
from reminders import views as reminders_views
from routines import start_views
from routines import urls as routine_urls
from routines import views as routine_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("start/", start_views.start, name="start"),
    path("red-flags/", views.red_flags, name="red_flags"),
    path("today/", routine_views.today, name="today"),
    path("today/<int:pk>/session/", routine_views.session, name="session"),
    path("accounts/export/", progress_views.export, name="export"),
    path(
        "accounts/",
        include((account_urls.urlpatterns + reminders_urls.account_urlpatterns, "accounts")),
    ),
    # Django's own auth views, with the throttles and checks of accounts.views.
    path("accounts/login/", account_views.sign_in, name="login"),
    path("accounts/password_reset/", account_views.password_reset, name="password_reset"),
    path("accounts/password_change/", account_views.password_change, name="password_change"),
    path("accounts/logout/", pwa.clears_device_cache(LogoutView.as_view()), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("exercises/", include("exercises.urls")),
    path("routines/", include("routines.urls")),
    path("", include("progress.urls")),
    path("reminders/", include("reminders.urls")),
    path("join/<str:token>/", clinic_views.join, name="join"),
    path("calendar/<str:token>.ics", reminders_views.calendar_feed, name="calendar_feed"),
    # The clinician's pages come from three apps: invites and connections (accounts),
    # assigning routines (routines), the dashboard and a person's page (progress).
    path(
        "clinic/",
        include(
            (
                account_urls.clinic_urlpatterns
                + routine_urls.clinic_urlpatterns
                + progress_urls.clinic_urlpatterns,
                "clinic",
            )
        ),
    ),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
