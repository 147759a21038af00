from django.urls import path

from bench.bareapp.views import bare

urlpatterns = [path("bare/", bare, name="bench_bare")]
