from django.urls import path

from accounts import clinic_views, views
from config.pwa import clears_device_cache

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("time-zone/", views.time_zone, name="time_zone"),
    path("delete/", clears_device_cache(views.delete_account), name="delete"),
    path("clinicians/", clinic_views.clinicians, name="clinicians"),
    path("clinicians/<int:pk>/notes/", clinic_views.clinician_notes, name="clinician-notes"),
    path("clinicians/<int:pk>/disconnect/", clinic_views.disconnect, name="disconnect"),
    path("clinician/stop/", clinic_views.clinician_stop, name="clinician-stop"),
]

# Mounted under /clinic/ in the "clinic" namespace (config/urls.py), beside the other
# apps' clinic pages.
clinic_urlpatterns: list = [
    path("invites/", clinic_views.invites, name="invites"),
    path("invites/<int:pk>/revoke/", clinic_views.invite_revoke, name="invite-revoke"),
]
