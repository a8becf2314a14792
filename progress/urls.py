from django.urls import path

from progress import views

app_name = "progress"
urlpatterns = [
    path("history/", views.history, name="history"),
]
