"""Policy texts (labels, titles, contact details) come in Chinese and optionally English."""

from django.utils.translation import get_language


def in_language(chinese: str, english: str) -> str:
    """The English text when the reader reads English and there is one, else the Chinese."""
    if english and (get_language() or "").startswith("en"):
        return english
    return chinese
