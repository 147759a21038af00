from django.http import HttpRequest, HttpResponse

from tousu.web.desk import Desk
from tousu.web.views.common import desk_view


@desk_view
def case_page(request: HttpRequest, desk: Desk, number: str) -> HttpResponse:
    raise NotImplementedError


act = attach = download = case_page
