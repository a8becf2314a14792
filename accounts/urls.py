from django.urls import path

from accounts import views
from config.pwa import clears_device_cache

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("time-zone/", views.time_zone, name="time_zone"),
    path("delete/", clears_device_cache(views.delete_account), name="delete"),
]

# Mounted under /clinic/ in the "clinic" namespace (config/urls.py), beside the other
# apps' clinic pages.
clinic_urlpatterns: list = []
