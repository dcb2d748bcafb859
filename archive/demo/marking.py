"""How demonstration content says what it is (the marker every text starts with, the page heading) and the
three-language fields its texts fill."""

DEMO_MARKER = "[Nümayiş məlumatı / Demonstration data / Демонстрационные данные]"
DEMO_HEADING = ("DEMONSTRATION", "NÜMAYİŞ", "ДЕМОНСТРАЦИЯ")
CHANGE_REASON = "demonstration data"

Translations = tuple[str, str, str]  # Azerbaijani, English, Russian


def marked(text: str) -> str:
    return f"{DEMO_MARKER} {text}"


def translations(field: str, texts: Translations) -> dict[str, str]:
    """The Azerbaijani, English and Russian texts as the fields ``{field}_az``, ``{field}_en`` and ``{field}_ru``."""
    az, en, ru = texts
    return {f"{field}_az": az, f"{field}_en": en, f"{field}_ru": ru}


def marked_translations(field: str, texts: Translations) -> dict[str, str]:
    az, en, ru = texts
    return translations(field, (marked(az), marked(en), marked(ru)))
