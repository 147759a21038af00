from django.urls import path

from tousu.improve import survey_public

app_name = "survey"

urlpatterns = [path("<str:token>/", survey_public.answer, name="answer")]
