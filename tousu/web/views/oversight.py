from django.http import HttpRequest, HttpResponse

from tousu.web.desk import Desk
from tousu.web.views.common import desk_view


@desk_view
def oversight(request: HttpRequest, desk: Desk) -> HttpResponse:
    raise NotImplementedError
