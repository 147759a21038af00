import time
import pytest
import requests
from .support import token_of


@pytest.mark.django_db(transaction=True)
def test_debug(staff, server):
    r = staff("receptionist", "wy_customer_service")
    h = {"Authorization": f"Bearer {token_of(r)}"}
    for path in ["/api/v1/openapi.json"] * 6 + ["/api/v1/complaints/none"] * 6 + ["/api/v1/complaints?limit=1"] * 3:
        t0 = time.time()
        x = requests.get(server.url + path, headers=h, timeout=30)
        print(path, x.status_code, round(time.time() - t0, 3), len(x.content))
