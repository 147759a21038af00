"""The baseline: a plain Django view behind the same middleware stack as the product.

It parses a small JSON body, inserts one row and answers JSON. Intake throughput is
reported as a fraction of this endpoint's, measured in the same run.
"""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bench.bareapp.models import BareRow


@csrf_exempt
@require_POST
def bare(request: HttpRequest) -> HttpResponse:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    row = BareRow.objects.create(payload=str(body.get("text", ""))[:2000])
    return JsonResponse({"id": row.pk, "created_at": row.created_at.isoformat()}, status=201)
