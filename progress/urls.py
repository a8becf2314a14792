from django.urls import path, register_converter

from progress import views


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
]
