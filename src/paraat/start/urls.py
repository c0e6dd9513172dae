from django.urls import path

from . import views

app_name = "start"
urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:region_code>/", views.region_home, name="region_home"),
]
