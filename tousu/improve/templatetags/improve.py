from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: Any, key: str) -> Any:
    """mapping[key], or "" — for per-question errors and answers."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
