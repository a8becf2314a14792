from django.contrib import admin
from django.urls import include, path

from config import views
from progress import views as progress_views
from routines import views as routine_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("today/", routine_views.today, name="today"),
    path("accounts/export/", progress_views.export, name="export"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("exercises/", include("exercises.urls")),
    path("routines/", include("routines.urls")),
    path("", include("progress.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
