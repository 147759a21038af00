"""Domain input validation: a pydantic model's errors as the domain's InvalidInput, with
the problems per field (the same shape the API gives for a bad request body)."""

from typing import Any

from django.utils.translation import gettext as _
from pydantic import BaseModel, ValidationError

from tousu.cases.errors import InvalidInput


def validated(model: type[BaseModel], data: Any) -> Any:
    if isinstance(data, model):
        return data
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details: dict[str, list[Any]] = {}
        for item in exc.errors():
            details.setdefault(".".join(str(p) for p in item["loc"]) or "__all__", []).append(item["msg"])
        raise InvalidInput(_("Some fields are not valid."), details=details) from None
