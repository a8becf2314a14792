from django.urls import path, register_converter

from progress import clinic_views, outcome_views, views


class WeekLabelConverter:
    """'2026-W14': checked properly (and 404'd) by the view, per the person's week start."""

    regex = r"[0-9]{4}-W[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(WeekLabelConverter, "isoweek")

app_name = "progress"
urlpatterns = [
    path("history/", views.history, name="history"),
    path("history/report/", views.report_view, name="report"),
    path("history/report/links/", views.share_create, name="share-create"),
    path("history/report/links/<int:pk>/revoke/", views.share_revoke, name="share-revoke"),
    path("share/<str:token>/", views.shared, name="shared"),
    path("history/<isoweek:label>/", views.history, name="week"),
    path("sessions/new/", views.new_session, name="new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.edit_session, name="edit"),
    path("sessions/<int:pk>/delete/", views.delete_session, name="delete"),
    path("sessions/<int:pk>/morning/", views.morning_answer, name="morning"),
    path("activities/", outcome_views.activities, name="activities"),
    path("activities/rate/", outcome_views.rate, name="rate"),
    path("activities/not-now/", outcome_views.not_now, name="not-now"),
    path("activities/<int:pk>/rename/", outcome_views.rename_activity, name="rename"),
    path("activities/<int:pk>/retire/", outcome_views.retire_activity, name="retire"),
    path("check-in/<isoweek:label>/", outcome_views.check_in, name="check-in"),
]

# Mounted under /clinic/ in the "clinic" namespace (config/urls.py), beside the other
# apps' clinic pages.
clinic_urlpatterns: list = [
    path("", clinic_views.dashboard, name="dashboard"),
    path("people/<int:person_id>/", clinic_views.person, name="person"),
    path("digest-off/<str:token>/", clinic_views.digest_off, name="digest-off"),
]
