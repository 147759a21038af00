"""API tokens are checked against the database on every request: revoking a token,
disabling a user or changing their role takes effect on the very next request."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.api.test_api_basics import CASE
from tousu.org.models import ApiToken, Position


def test_a_valid_token_acts_as_its_user_with_role_and_department(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    response = receptionist.post("/complaints", CASE)
    assert response.status_code == 201
    number = response.json()["number"]
    shown = receptionist.get(f"/complaints/{number}").json()
    assert shown["timeline"][0]["actor"] == receptionist.username


def test_a_revoked_token_is_refused_on_the_next_request(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    assert receptionist.get("/complaints").status_code == 200
    ApiToken.objects.filter(user__username=receptionist.username).update(revoked_at=timezone.now())
    assert receptionist.get("/complaints").status_code == 401


def test_a_disabled_user_is_refused_on_the_next_request(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    assert receptionist.get("/complaints").status_code == 200
    get_user_model().objects.filter(username=receptionist.username).update(is_active=False)
    assert receptionist.get("/complaints").status_code == 401


def test_a_role_change_applies_on_the_next_request(staff):
    receptionist = staff("receptionist", "wy_customer_service")
    assert receptionist.post("/complaints", CASE).status_code == 201
    Position.objects.filter(user__username=receptionist.username).update(role="administrator")
    assert receptionist.post("/complaints", CASE).status_code == 403
