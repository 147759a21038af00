from django.urls import path

from tousu.printing import views

app_name = "printing"

urlpatterns = [
    path("<str:number>/record/", views.record, name="record"),
    path("<str:number>/letter/", views.letter, name="letter"),
]
