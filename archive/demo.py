"""Demonstration content: invented victims, testimonies and documents with media generated here.

Every row made here has ``is_demo=True`` and every text starts with ``DEMO_MARKER``, so a visitor never
mistakes it for the record of a real person. The surnames are built from words for "example", "sample",
"template" and "draft" (Nümunəli, Misalova, Örnəkov, Şablonov, Ülgüyev, Qaralamova…) and cover the letters
that Azerbaijani alphabetical order puts in unusual places (Ç, Ə, I, İ, Ö, Ş, Ü).

``load_demo`` loads the real places first (``archive.history_data.load_history``) so invented victims can
point at real places. ``remove_demo`` takes away every demonstration row, its files and its history.
"""

from __future__ import annotations

import array
import functools
import io
import math
import sys
import wave
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from PIL import Image, ImageDraw, ImageFont

from archive.history_data import load_history
from archive.models import (
    Access,
    Document,
    Event,
    MediaFile,
    NameVariant,
    Place,
    Rights,
    Source,
    Subject,
    Testimony,
    TranscriptSegment,
    Victim,
)

DEMO_MARKER = "[Nümayiş məlumatı / Demonstration data / Демонстрационные данные]"
DEMO_HEADING = ("DEMONSTRATION", "NÜMAYİŞ", "ДЕМОНСТРАЦИЯ")
CHANGE_REASON = "demonstration data"
SAMPLE_RATE = 16_000
RECORDING_SECONDS = 12


def marked(text: str) -> str:
    return f"{DEMO_MARKER} {text}"


# --- generated media ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def demo_wav(notes: tuple[float, ...], *, seconds: int = RECORDING_SECONDS, rate: int = SAMPLE_RATE) -> bytes:
    """A mono 16-bit WAV of soft chimes, one note every ``seconds / len(notes)`` seconds: clearly not speech.

    Cached: the same notes always give the same bytes, and synthesis in pure Python takes a moment.
    """
    per_note = int(seconds * rate / len(notes))
    samples = array.array("h")
    for frequency in notes:
        omega = 2 * math.pi * frequency / rate
        for index in range(per_note):
            local = index / rate
            envelope = min(local * 100.0, 1.0) * math.exp(-2.5 * local)
            value = 0.28 * envelope * (math.sin(omega * index) + 0.3 * math.sin(2 * omega * index))
            samples.append(int(value * 32767))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV samples are little-endian
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as output:
        output.setnchannels(1)
        output.setsampwidth(2)
        output.setframerate(rate)
        output.writeframes(samples.tobytes())
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # DejaVu has ə, ğ, ı and Cyrillic; Pillow's built-in font is the fallback where it is not installed.
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_page_image(title: str, *, page: int = 1, pages: int = 1, lines: Sequence[str] = ()) -> bytes:
    """A paper-coloured page that says plainly it is a demonstration, with a title and a few lines of text."""
    width, height = 850, 1100
    image = Image.new("RGB", (width, height), (244, 236, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, width - 30, height - 30), outline=(150, 130, 100), width=3)
    heading = _font(46)
    y = 90
    for word in DEMO_HEADING:
        draw.text((width / 2, y), word, font=heading, fill=(160, 40, 40), anchor="mm")
        y += 62
    draw.line((90, y, width - 90, y), fill=(150, 130, 100), width=2)
    y += 50
    body = _font(26)
    for text_line in _wrap(title, 46):
        draw.text((90, y), text_line, font=body, fill=(40, 35, 30))
        y += 38
    y += 30
    small = _font(22)
    for paragraph in lines:
        for text_line in _wrap(paragraph, 60):
            draw.text((90, y), text_line, font=small, fill=(70, 60, 50))
            y += 32
        y += 12
    for row in range(y + 20, height - 140, 36):
        draw.line((90, row, width - 90, row), fill=(215, 205, 180), width=1)
    draw.text((width / 2, height - 80), f"{page} / {pages}", font=small, fill=(90, 80, 70), anchor="mm")
    return _png(image)


def demo_portrait(shade: int) -> bytes:
    """An abstract grey silhouette on a plain ground: a placeholder, never a likeness of anyone."""
    width, height = 480, 600
    ground = (200 - shade // 3, 205 - shade // 4, 210)
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    figure = (110 + shade // 2,) * 3
    draw.ellipse((160, 120, 320, 300), fill=figure)
    draw.ellipse((70, 320, 410, 700), fill=figure)
    draw.text((width / 2, 40), DEMO_HEADING[1], font=_font(30), fill=(120, 40, 40), anchor="mm")
    return _png(image)


def demo_photograph() -> bytes:
    """An abstract stand-in for a distressing photograph: dark shapes, no people."""
    width, height = 900, 600
    image = Image.new("RGB", (width, height), (40, 40, 46))
    draw = ImageDraw.Draw(image)
    for index in range(9):
        left = 40 + index * 95
        draw.rectangle((left, 260 - index * 12, left + 70, 560), fill=(70 + index * 6, 70 + index * 5, 80))
    draw.ellipse((640, 60, 760, 180), fill=(120, 60, 60))
    draw.text((width / 2, 40), " / ".join(DEMO_HEADING), font=_font(30), fill=(230, 210, 200), anchor="mm")
    return _png(image)


def _wrap(text: str, width: int) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


# --- the invented records ----------------------------------------------------------------------------

_INVENTED = {
    "az": "Bu şəxs uydurulmuşdur: saytın necə işlədiyini göstərmək üçün yaradılmış nümunə qeyddir, həqiqi insan deyil.",
    "en": "This person is invented: a sample record made to show how the site works, not a real person.",
    "ru": "Этот человек выдуман: это образец записи, созданный, чтобы показать работу сайта, а не реальный человек.",
}


def _bio(az: str, en: str, ru: str) -> dict[str, str]:
    return {
        "biography_az": marked(f"{_INVENTED['az']} {az}"),
        "biography_en": marked(f"{_INVENTED['en']} {en}"),
        "biography_ru": marked(f"{_INVENTED['ru']} {ru}"),
    }


PUBLISHED, DRAFT, WITHDRAWN = "published", "draft", "withdrawn"

VICTIMS: list[dict[str, Any]] = [
    {
        "ref": "numuneli",
        "surname_az": "Nümunəli",
        "given_name_az": "Elvin",
        "patronymic_az": "Kamal oğlu",
        "surname_ru": "Нумунали",
        "given_name_ru": "Эльвин",
        "patronymic_ru": "Кямал оглы",
        "surname_en": "Numunali",
        "given_name_en": "Elvin",
        "gender": "m",
        "birth_date": "1965",
        "death_date": "1990-01-20",
        "fate": Victim.Fate.KILLED,
        "incident_place": "yasamal",
        "burial_place": "sehidler-xiyabani",
        "occupation_az": "tornaçı (nümunə)",
        "occupation_en": "lathe operator (sample)",
        "occupation_ru": "токарь (образец)",
        **_bio(
            "Qeyddə yalnız doğum ili məlumdur; ölüm günü tam tarixdir.",
            "Only the year of birth is known in this record; the day of death is a full date.",
            "В записи известен только год рождения; день смерти — полная дата.",
        ),
        "variants": [("Нумуналиев Эльвин", NameVariant.Kind.SPELLING, "nümunə: köhnə sənəddəki yazılış")],
        "portrait": 10,
    },
    {
        "ref": "misalova",
        "surname_az": "Misalova",
        "given_name_az": "Sevinc",
        "patronymic_az": "Rəşid qızı",
        "surname_ru": "Мисалова",
        "given_name_ru": "Севиндж",
        "patronymic_ru": "Рашидовна",
        "surname_en": "Misalova",
        "given_name_en": "Sevinj",
        "gender": "f",
        "birth_date": "circa 1948",
        "death_date": "1990-01-20",
        "fate": Victim.Fate.KILLED,
        "incident_place": "azadliq-meydani",
        "burial_place": "sehidler-xiyabani",
        "occupation_az": "müəllimə (nümunə)",
        "occupation_en": "teacher (sample)",
        "occupation_ru": "учительница (образец)",
        **_bio(
            "Doğum ili təxminidir (“təxminən 1948”).",
            "The year of birth is approximate (“circa 1948”).",
            "Год рождения приблизителен («около 1948»).",
        ),
        "variants": [
            ("Örnəkzadə Sevinc", NameVariant.Kind.MAIDEN, "nümunə: qızlıq soyadı"),
            ("Misalova Sevindzh", NameVariant.Kind.SPELLING, "sample: English transliteration"),
        ],
        "portrait": 60,
    },
    {
        "ref": "ornekov",
        "surname_az": "Örnəkov",
        "given_name_az": "Rauf",
        "patronymic_az": "Vaqif oğlu",
        "surname_ru": "Орнеков",
        "given_name_ru": "Рауф",
        "patronymic_ru": "Вагифович",
        "surname_en": "Ornakov",
        "given_name_en": "Rauf",
        "gender": "m",
        "birth_date": "1971-03-14",
        "death_date": "1990-01",
        "fate": Victim.Fate.DIED_OF_WOUNDS,
        "incident_place": "baki",
        "burial_place": "sehidler-xiyabani",
        **_bio(
            "Yaralarından yanvar ayında vəfat edib; günü məlum deyil.",
            "Died of wounds in January; the day is not known.",
            "Умер от ран в январе; день неизвестен.",
        ),
        "portrait": 110,
    },
    {
        "ref": "sablonov",
        "surname_az": "Şablonov",
        "given_name_az": "Tofiq",
        "patronymic_az": "",
        "surname_ru": "Шаблонов",
        "given_name_ru": "Тофик",
        "patronymic_ru": "",
        "surname_en": "Shablonov",
        "given_name_en": "Tofig",
        "gender": "m",
        "birth_date": "196X",
        "death_date": "",
        "fate": Victim.Fate.INJURED,
        "incident_place": "yasamal",
        **_bio(
            "Yaralanıb və sağ qalıb; doğum ilinin yalnız onilliyi məlumdur (196X).",
            "Injured and survived; only the decade of birth is known (196X).",
            "Ранен и выжил; известно только десятилетие рождения (196X).",
        ),
    },
    {
        "ref": "ulguyev",
        "surname_az": "Ülgüyev",
        "given_name_az": "Nadir",
        "patronymic_az": "Həsən oğlu",
        "surname_ru": "Юлгюев",
        "given_name_ru": "Надир",
        "patronymic_ru": "Гасанович",
        "surname_en": "Ulguyev",
        "given_name_en": "Nadir",
        "gender": "m",
        "birth_date": "1969",
        "death_date": "",
        "fate": Victim.Fate.MISSING,
        "incident_place": "baki",
        **_bio(
            "İtkin düşüb; taleyi haqqında heç nə məlum deyil.",
            "Went missing; nothing is known of his fate.",
            "Пропал без вести; о его судьбе ничего не известно.",
        ),
        "variants": [("Ulgujev Nadir", NameVariant.Kind.SPELLING, "sample: spelling in a foreign list")],
    },
    {
        "ref": "cercivali",
        "surname_az": "Çərçivəli",
        "given_name_az": "Aynur",
        "patronymic_az": "",
        "surname_ru": "Чарчивали",
        "given_name_ru": "Айнур",
        "patronymic_ru": "",
        "surname_en": "Charchivali",
        "given_name_en": "Aynur",
        "gender": "f",
        "birth_date": "1974-08",
        "death_date": "",
        "fate": Victim.Fate.INJURED,
        "incident_place": "azadliq-meydani",
        **_bio(
            "Yaralanıb; doğum tarixinin ayı məlumdur, günü yox.",
            "Injured; the month of birth is known, not the day.",
            "Ранена; известен месяц рождения, но не день.",
        ),
        "portrait": 35,
    },
    {
        "ref": "ayaniyev",
        "surname_az": "Əyaniyev",
        "given_name_az": "Vüqar",
        "patronymic_az": "Telman oğlu",
        "surname_ru": "Аяниев",
        "given_name_ru": "Вугар",
        "patronymic_ru": "Тельманович",
        "surname_en": "Ayaniyev",
        "given_name_en": "Vugar",
        "gender": "m",
        "birth_date": "1958-11-02",
        "death_date": "",
        "fate": Victim.Fate.ARRESTED,
        "incident_place": "baki",
        **_bio(
            "Həbs olunub, sonra azad edilib.",
            "Arrested, later released.",
            "Арестован, позже освобождён.",
        ),
    },
    {
        "ref": "illustrasiyeva",
        "surname_az": "İllüstrasiyeva",
        "given_name_az": "Gülnarə",
        "patronymic_az": "",
        "surname_ru": "Иллюстрасиева",
        "given_name_ru": "Гюльнара",
        "patronymic_ru": "",
        "surname_en": "Illustrasiyeva",
        "given_name_en": "Gulnara",
        "gender": "f",
        "birth_date": "1952",
        "death_date": "1990-01-25",
        "fate": Victim.Fate.KILLED,
        "incident_place": "neftcala",
        **_bio(
            "Hadisə yeri kimi həqiqi bir şəhər göstərilib, amma bu insan uydurmadır.",
            "A real town is given as the place of the incident, but this person is invented.",
            "Местом событий указан реальный город, но этот человек выдуман.",
        ),
        "portrait": 85,
    },
    {
        "ref": "isiqnumuneli",
        "surname_az": "Işıqnümunəli",
        "given_name_az": "Fərid",
        "patronymic_az": "",
        "surname_ru": "Ышыгнумунали",
        "given_name_ru": "Фарид",
        "patronymic_ru": "",
        "surname_en": "Ishignumunali",
        "given_name_en": "Farid",
        "gender": "m",
        "birth_date": "1960?",
        "death_date": "1990-01-26",
        "fate": Victim.Fate.KILLED,
        "incident_place": "lenkeran",
        **_bio(
            "Doğum ili şübhəlidir (1960?).",
            "The year of birth is uncertain (1960?).",
            "Год рождения под вопросом (1960?).",
        ),
    },
    {
        "ref": "sinaqov",
        "surname_az": "Sınaqov",
        "given_name_az": "Elşən",
        "patronymic_az": "",
        "surname_ru": "Сынагов",
        "given_name_ru": "Эльшан",
        "patronymic_ru": "",
        "surname_en": "Sinagov",
        "given_name_en": "Elshan",
        "gender": "m",
        "birth_date": "1970",
        "death_date": "1990-02~",
        "fate": Victim.Fate.DIED_OF_WOUNDS,
        "incident_place": "baki",
        **_bio(
            "Yaralarından təxminən fevralda vəfat edib.",
            "Died of wounds around February.",
            "Умер от ран примерно в феврале.",
        ),
    },
    {
        "ref": "maketov",
        "status": DRAFT,
        "surname_az": "Maketov",
        "given_name_az": "Samir",
        "patronymic_az": "",
        "surname_ru": "Макетов",
        "given_name_ru": "Самир",
        "patronymic_ru": "",
        "surname_en": "Maketov",
        "given_name_en": "Samir",
        "gender": "m",
        "birth_date": "",
        "death_date": "1990-01-20",
        "fate": Victim.Fate.KILLED,
        **_bio(
            "Qaralama qeyd: kurator hələ yoxlamayıb, ictimaiyyətə görünmür.",
            "A draft record: not yet checked by a curator and not public.",
            "Черновик: куратор ещё не проверил запись, она не публична.",
        ),
    },
    {
        "ref": "qaralamova",
        "status": WITHDRAWN,
        "surname_az": "Qaralamova",
        "given_name_az": "Leyla",
        "patronymic_az": "",
        "surname_ru": "Гараламова",
        "given_name_ru": "Лейла",
        "patronymic_ru": "",
        "surname_en": "Garalamova",
        "given_name_en": "Leyla",
        "gender": "f",
        "birth_date": "1966",
        "death_date": "",
        "fate": Victim.Fate.INJURED,
        **_bio(
            "Geri çəkilmiş qeyd: işçilərin görünüşündə geri çəkilmənin necə göründüyünü göstərir.",
            "A withdrawn record: shows how a withdrawal looks in the staff views.",
            "Отозванная запись: показывает, как отзыв выглядит в служебных разделах.",
        ),
    },
]

TESTIMONIES: list[dict[str, Any]] = [
    {
        "title": "Nümayiş — Zəhra Nümunəli qardaşı Elvin haqqında",
        "narrator_name": "Zəhra Nümunəli",
        "narrator_relationship": "bacısı (nümunə)",
        "narrator_consent": Testimony.Consent.NAMED,
        "interviewer": "Yaddaş nümayiş komandası",
        "recorded_date": "2025-11-03",
        "recorded_place": "baki",
        "languages": ["az"],
        "victims": ["numuneli"],
        "subjects": ["numayis-gece"],
        "summary": (
            "Uydurulmuş bacı uydurulmuş qardaşı haqqında danışır. Səs yazısı danışıq deyil, sadəcə zəng səsləridir.",
            "An invented sister speaks of an invented brother. The recording is not speech, only chimes.",
            "Выдуманная сестра рассказывает о выдуманном брате. Запись — не речь, а только звон.",
        ),
        "notes": (523.25, 659.25, 783.99, 659.25),
        "segments": [
            ("Müsahibəçi", "Bu, nümayiş yazısıdır: eşitdiyiniz səslər danışıq deyil, zəng səsləridir."),
            ("Zəhra Nümunəli", "Nümunə mətn: qardaşım Elvin o gecə evdən çıxmışdı."),
            ("Zəhra Nümunəli", "Nümunə mətn: səhər onu axtarmağa getdik."),
            ("Müsahibəçi", "Nümayiş yazısının sonu."),
        ],
    },
    {
        "title": "Nümayiş — anonim şahid, Azadlıq meydanı",
        "narrator_name": "Kamran Misalov",
        "narrator_pseudonym": "K. M.",
        "narrator_relationship": "qonşu (nümunə)",
        "narrator_consent": Testimony.Consent.ANONYMOUS,
        "recorded_date": "2024-01",
        "recorded_place": "baki",
        "languages": ["ru", "az"],
        "victims": ["misalova", "sablonov"],
        "subjects": ["numayis-gece"],
        "summary": (
            "Anonim şahidin uydurulmuş ifadəsi; adı ictimaiyyətə göstərilmir, yalnız inisialları.",
            "An invented statement by an anonymous witness; the public sees only initials, never the name.",
            "Выдуманное свидетельство анонимного очевидца; публике видны только инициалы, но не имя.",
        ),
        "notes": (440.0, 554.37, 659.25),
        "segments": [
            ("Интервьюер", "Это демонстрационная запись: звучат тоны, а не речь."),
            ("К. М.", "Пример текста: соседка вышла на площадь вечером."),
            ("К. М.", "Пример текста: конец демонстрационной записи."),
        ],
    },
    {
        "title": "Nümayiş — yalnız arxivdə saxlanan ifadə",
        "narrator_name": "Səbinə Örnəkova",
        "narrator_relationship": "anası (nümunə)",
        "narrator_consent": Testimony.Consent.ARCHIVE_ONLY,
        "recorded_date": "2023",
        "languages": ["az"],
        "victims": ["ornekov"],
        "summary": (
            "Danışan şəxs ifadənin yalnız arxivdə qalmasını istəyib: bu qeyd heç vaxt dərc olunmur.",
            "The narrator asked that this stays in the archive only: it is never published.",
            "Рассказчица просила хранить запись только в архиве: она никогда не публикуется.",
        ),
        "transcript": "Nümunə mətn: yazılı ifadə, səs yazısı yoxdur. Bu ifadə yalnız arxivdə saxlanılır.",
    },
    {
        "title": "Nümayiş — yalnız təsviri görünən ifadə",
        "narrator_name": "Ramil Sınaqov",
        "narrator_relationship": "qardaşı (nümunə)",
        "narrator_consent": Testimony.Consent.NAMED,
        "access": Access.METADATA,
        "recorded_date": "circa 2010",
        "recorded_place": "lenkeran",
        "languages": ["az"],
        "victims": ["sinaqov"],
        "subjects": ["numayis-defn"],
        "summary": (
            "Bu ifadənin yalnız təsviri açıqdır; səs yazısı və mətni ictimaiyyətə göstərilmir.",
            "Only the description of this testimony is public; its recording and transcript are not shown.",
            "Открыто только описание этого свидетельства; запись и расшифровка не показываются.",
        ),
        "notes": (392.0, 493.88, 587.33),
        "segments": [
            ("Müsahibəçi", "Nümayiş yazısı: səs yazısı yalnız işçilərə açıqdır."),
            ("Ramil Sınaqov", "Nümunə mətn: qardaşım fevralda xəstəxanada vəfat etdi."),
            ("Müsahibəçi", "Nümayiş yazısının sonu."),
        ],
    },
]

DOCUMENTS: list[dict[str, Any]] = [
    {
        "title": "Nümayiş — ailəyə məktub, 1990-cı ilin fevralı",
        "kind": Document.Kind.LETTER,
        "date": "1990-02",
        "creator": "Uydurulmuş müəllif",
        "holding_institution": "Yaddaş nümayiş kolleksiyası",
        "reference": "NÜM-1",
        "victims": ["numuneli"],
        "testimonies": [0],
        "description": (
            "Üç səhifəlik uydurulmuş məktub; səhifə şəkilləri layihənin özü tərəfindən yaradılıb.",
            "An invented three-page letter; the page images are generated by the project itself.",
            "Выдуманное письмо на трёх страницах; изображения страниц созданы самим проектом.",
        ),
        "transcription": "Nümunə mətn. Səhifə 1: Əziz ailəm… Səhifə 2: … Səhifə 3: … (nümayiş)",
        "pages": [
            ("Məktub, səhifə 1", ["Nümunə mətn: Əziz ailəm, bu məktub uydurulmuşdur."]),
            ("Məktub, səhifə 2", ["Nümunə mətn: şəhər sakitdir, hamı qara geyinib."]),
            ("Məktub, səhifə 3", ["Nümunə mətn: sizi öpürəm. Nümayiş üçün."]),
        ],
    },
    {
        "title": "Nümayiş — ölüm haqqında şəhadətnamə",
        "kind": Document.Kind.CERTIFICATE,
        "date": "1990-01-22",
        "creator": "Uydurulmuş idarə",
        "reference": "NÜM-2",
        "victims": ["misalova"],
        "description": (
            "Uydurulmuş şəhadətnamə; tam tarixli sənəd nümunəsi.",
            "An invented certificate; an example of a document with a full date.",
            "Выдуманное свидетельство; пример документа с полной датой.",
        ),
        "transcription": "СВИДЕТЕЛЬСТВО (образец). Мисалова Севиндж Рашидовна. Демонстрация.",
        "pages": [("Şəhadətnamə / Свидетельство", ["Образец. Демонстрационный документ, не настоящий."])],
    },
    {
        "title": "Nümayiş — qəzet səhifəsi, 1990-cı ilin yanvarı",
        "kind": Document.Kind.NEWSPAPER,
        "date": "1990-01",
        "creator": "Uydurulmuş qəzet “Nümunə”",
        "reference": "NÜM-3",
        "victims": ["illustrasiyeva", "isiqnumuneli"],
        "description": (
            "Uydurulmuş qəzet səhifəsi; yalnız ayı məlum olan sənəd.",
            "An invented newspaper page; a document known only to the month.",
            "Выдуманная газетная полоса; документ, известный лишь с точностью до месяца.",
        ),
        "pages": [("Qəzet “Nümunə”", ["Nümunə başlıq", "Nümunə mətn: bu qəzet mövcud deyil."])],
    },
    {
        "title": "Nümayiş — sarsıdıcı fotoşəkil yerinə mücərrəd şəkil",
        "kind": Document.Kind.PHOTOGRAPH,
        "date": "1990-01-20~",
        "creator": "Naməlum (nümunə)",
        "reference": "NÜM-4",
        "description": (
            "Mücərrəd şəkil sarsıdıcı fotoşəklin yerini tutur: sayt onu xəbərdarlıq arxasında göstərir.",
            "An abstract image stands in for a distressing photograph: the site shows it behind a warning.",
            "Абстрактное изображение заменяет тяжёлую фотографию: сайт показывает его за предупреждением.",
        ),
        "photograph": True,
    },
]

DEMO_SUBJECTS = [
    (
        "numayis-gece",
        "Nümayiş: 19–20 yanvar gecəsi",
        "Demonstration: the night of 19–20 January",
        "Демонстрация: ночь на 20 января",
    ),
    ("numayis-defn", "Nümayiş: dəfn və yas", "Demonstration: funerals and mourning", "Демонстрация: похороны и траур"),
]
DEMO_SOURCE_KEY = "numayis-menbe"


# --- loading -----------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    verb: str
    counts: Counter = field(default_factory=Counter)
    files: int = 0

    def lines(self) -> list[str]:
        self.counts = Counter({name: count for name, count in self.counts.items() if count})
        if not self.counts and not self.files:
            return [
                f"Nothing {self.verb}: the demonstration data is already {'there' if self.verb == 'added' else 'gone'}."
            ]
        parts = [f"{count} {name}" for name, count in sorted(self.counts.items())]
        return [f"Demonstration data {self.verb}: {', '.join(parts)}.", f"Stored files {self.verb}: {self.files}."]


class _Loader:
    def __init__(self, summary: DemoSummary, written: list[str]) -> None:
        from archive.ingest import prepare_upload
        from archive.services import media_file_attach

        self.prepare_upload, self.media_file_attach = prepare_upload, media_file_attach
        self.summary, self.written = summary, written
        self.places = {place.slug: place for place in Place.objects.all()}
        self.victims: dict[str, Victim] = {}
        self.testimonies: list[Testimony] = []

    def attach(self, record: models.Model, content: bytes, name: str, role: str, order: int = 0, **extra: Any) -> None:
        prepared = self.prepare_upload(ContentFile(content, name=name))
        media = self.media_file_attach(record=record, prepared=prepared, role=role, order=order, is_demo=True, **extra)
        names = [name for name in (media.file.name, media.thumbnail.name) if name]
        self.written.extend(names)
        self.summary.counts["media files"] += 1
        self.summary.files += len(names)

    def place(self, slug: str | None) -> Place | None:
        return self.places.get(slug) if slug else None

    def reference_rows(self) -> tuple[Source, dict[str, Subject]]:
        source, created = Source.objects.get_or_create(
            key=DEMO_SOURCE_KEY,
            defaults={
                "title": "Nümayiş mənbəyi / Demonstration source / Демонстрационный источник",
                "note": marked("Uydurulmuş mənbə. / An invented source. / Выдуманный источник."),
                "is_demo": True,
            },
        )
        self.summary.counts["sources"] += created
        subjects = {}
        for slug, az, en, ru in DEMO_SUBJECTS:
            subject, created = Subject.objects.get_or_create(
                slug=slug, defaults={"name_az": az, "name_en": en, "name_ru": ru, "is_demo": True}
            )
            subjects[slug] = subject
            self.summary.counts["subjects"] += created
        return source, subjects

    def load(self) -> None:
        source, subjects = self.reference_rows()
        self.load_victims(source)
        self.load_testimonies(source, subjects)
        self.load_documents(source)

    def load_victims(self, source: Source) -> None:
        for spec in VICTIMS:
            fields = {k: v for k, v in spec.items() if k not in {"ref", "status", "variants", "portrait"}}
            fields["incident_place"] = self.place(fields.get("incident_place"))
            fields["burial_place"] = self.place(fields.get("burial_place"))
            existing = Victim.objects.filter(
                is_demo=True, surname_az=spec["surname_az"], given_name_az=spec["given_name_az"]
            ).first()
            if existing:
                self.victims[spec["ref"]] = existing
                continue
            victim = Victim(**fields, is_demo=True)
            _set_status(victim, spec.get("status", PUBLISHED))
            _save(victim)
            victim.sources.add(source)
            for name, kind, note in spec.get("variants", []):
                _save(NameVariant(victim=victim, name=name, kind=kind, note=note))
                self.summary.counts["name variants"] += 1
            if "portrait" in spec:
                self.attach(
                    victim,
                    demo_portrait(spec["portrait"]),
                    "portrait.png",
                    MediaFile.Role.PORTRAIT,
                    caption_az="Nümayiş: mücərrəd siluet, həqiqi şəkil deyil",
                    caption_en="Demonstration: an abstract silhouette, not a real photograph",
                    caption_ru="Демонстрация: абстрактный силуэт, не настоящая фотография",
                    alt_text="A grey silhouette on a plain ground (demonstration placeholder)",
                )
            self.victims[spec["ref"]] = victim
            self.summary.counts["victims"] += 1

    def load_testimonies(self, source: Source, subjects: dict[str, Subject]) -> None:
        for spec in TESTIMONIES:
            existing = Testimony.objects.filter(is_demo=True, title=spec["title"]).first()
            if existing:
                self.testimonies.append(existing)
                continue
            summary_az, summary_en, summary_ru = spec["summary"]
            segments = _segments(spec.get("segments", []))
            testimony = Testimony(
                title=spec["title"],
                narrator_name=spec["narrator_name"],
                narrator_relationship=spec.get("narrator_relationship", ""),
                narrator_consent=spec["narrator_consent"],
                narrator_pseudonym=spec.get("narrator_pseudonym", ""),
                interviewer=spec.get("interviewer", ""),
                recorded_date=spec["recorded_date"],
                recorded_place=self.place(spec.get("recorded_place")),
                languages=spec["languages"],
                summary_az=marked(summary_az),
                summary_en=marked(summary_en),
                summary_ru=marked(summary_ru),
                transcript=spec.get("transcript") or _transcript(segments),
                access=spec.get("access", Access.PUBLIC),
                rights=Rights.CC_BY,
                rights_holder="Yaddaş (nümayiş / demonstration)",
                provenance_note=marked("Layihə tərəfindən yaradılıb. / Generated by the project."),
                is_demo=True,
            )
            if testimony.narrator_consent != Testimony.Consent.ARCHIVE_ONLY:
                testimony.publish()
            _save(testimony)
            testimony.victims.set([self.victims[ref] for ref in spec.get("victims", [])])
            testimony.subjects.set([subjects[slug] for slug in spec.get("subjects", [])])
            testimony.sources.add(source)
            for start, end, speaker, text in segments:
                _save(TranscriptSegment(testimony=testimony, start=start, end=end, speaker=speaker, text=text))
                self.summary.counts["transcript segments"] += 1
            if "notes" in spec:
                self.attach(
                    testimony,
                    demo_wav(spec["notes"]),
                    "recording.wav",
                    MediaFile.Role.RECORDING,
                    caption_az="Nümayiş yazısı: danışıq deyil, zəng səsləri",
                    caption_en="Demonstration recording: chimes, not speech",
                    caption_ru="Демонстрационная запись: звон, а не речь",
                )
            self.testimonies.append(testimony)
            self.summary.counts["testimonies"] += 1

    def load_documents(self, source: Source) -> None:
        for spec in DOCUMENTS:
            if Document.objects.filter(is_demo=True, title=spec["title"]).exists():
                continue
            description_az, description_en, description_ru = spec["description"]
            document = Document(
                title=spec["title"],
                kind=spec["kind"],
                date=spec["date"],
                creator=spec.get("creator", ""),
                holding_institution=spec.get("holding_institution", ""),
                reference=spec.get("reference", ""),
                description_az=marked(description_az),
                description_en=marked(description_en),
                description_ru=marked(description_ru),
                transcription=spec.get("transcription", ""),
                rights=Rights.CC_BY,
                rights_holder="Yaddaş (nümayiş / demonstration)",
                is_demo=True,
            )
            document.publish()
            _save(document)
            document.victims.set([self.victims[ref] for ref in spec.get("victims", [])])
            document.testimonies.set([self.testimonies[index] for index in spec.get("testimonies", [])])
            document.sources.add(source)
            pages = spec.get("pages", [])
            for order, (heading, lines) in enumerate(pages, start=1):
                self.attach(
                    document,
                    demo_page_image(f"{spec['title']} — {heading}", page=order, pages=len(pages), lines=lines),
                    f"page-{order}.png",
                    MediaFile.Role.PAGE,
                    order=order,
                    caption_az=f"Səhifə {order} (nümayiş)",
                    caption_en=f"Page {order} (demonstration)",
                    caption_ru=f"Страница {order} (демонстрация)",
                    alt_text=f"A generated demonstration page, {order} of {len(pages)}",
                )
            if spec.get("photograph"):
                self.attach(
                    document,
                    demo_photograph(),
                    "photograph.png",
                    MediaFile.Role.PHOTO,
                    caption_az="Nümayiş: sarsıdıcı fotoşəklin yerinə mücərrəd şəkil",
                    caption_en="Demonstration: an abstract image standing in for a distressing photograph",
                    caption_ru="Демонстрация: абстрактное изображение вместо тяжёлой фотографии",
                    alt_text="Dark abstract shapes (demonstration placeholder for a distressing photograph)",
                    is_distressing=True,
                )
            self.summary.counts["documents"] += 1


def _set_status(record: Victim, status: str) -> None:
    if status in (PUBLISHED, WITHDRAWN):
        record.publish()
    if status == WITHDRAWN:
        record.withdraw(marked("Geri çəkilmə nümunəsi. / An example of a withdrawal. / Пример отзыва."))


def _save(instance: models.Model) -> None:
    instance._change_reason = CHANGE_REASON
    instance.save()


def _segments(lines: Sequence[tuple[str, str]]) -> list[tuple[Decimal, Decimal, str, str]]:
    """Spread the lines evenly over the recording, so each starts on one of the chimes."""
    if not lines:
        return []
    step = Decimal(RECORDING_SECONDS) / len(lines)
    return [
        (round(step * index, 3), round(step * (index + 1), 3), speaker, text)
        for index, (speaker, text) in enumerate(lines)
    ]


def _transcript(segments: Iterable[tuple[Decimal, Decimal, str, str]]) -> str:
    return "\n".join(f"[{_clock(start)}] {speaker}: {text}" for start, _end, speaker, text in segments)


def _clock(seconds: Decimal) -> str:
    whole = int(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def load_demo() -> DemoSummary:
    """Add the demonstration records (after the real places and events); running it again adds nothing."""
    summary = DemoSummary("added")
    written: list[str] = []
    try:
        with transaction.atomic():
            load_history()
            _Loader(summary, written).load()
    except BaseException:
        # The rows are rolled back; the files already written are not, so they go here.
        _delete_files(written)
        raise
    return summary


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name and default_storage.exists(name):
            default_storage.delete(name)


# --- removal -----------------------------------------------------------------------------------------


def remove_demo() -> DemoSummary:
    """Delete every demonstration row, its stored files and its history; nothing else is touched.

    Identifier counters are left alone, so identifiers given to demonstration records are never reused.
    """
    summary = DemoSummary("removed")
    with transaction.atomic():
        victims = set(Victim.objects.demo().values_list("pk", flat=True))
        testimonies = set(Testimony.objects.demo().values_list("pk", flat=True))
        documents = set(Document.objects.demo().values_list("pk", flat=True))
        media = MediaFile.objects.filter(
            Q(is_demo=True) | Q(victim__in=victims) | Q(testimony__in=testimonies) | Q(document__in=documents)
        )
        ids: dict[type[models.Model], set[int]] = {
            MediaFile: set(media.values_list("pk", flat=True)),
            Victim: victims,
            Testimony: testimonies,
            Document: documents,
            NameVariant: set(NameVariant.objects.filter(victim__in=victims).values_list("pk", flat=True)),
            TranscriptSegment: set(
                TranscriptSegment.objects.filter(testimony__in=testimonies).values_list("pk", flat=True)
            ),
            Event: set(Event.objects.demo().values_list("pk", flat=True)),
            Place: set(Place.objects.filter(is_demo=True).values_list("pk", flat=True)),
            Subject: set(Subject.objects.filter(is_demo=True).values_list("pk", flat=True)),
            Source: set(Source.objects.filter(is_demo=True).values_list("pk", flat=True)),
        }
        files = [name for pair in media.values_list("file", "thumbnail") for name in pair if name]

        # Media first: their foreign keys to records are PROTECT. Variants and segments cascade.
        for model in (MediaFile, Document, Testimony, Victim, Event, Place, Subject, Source):
            count = model.objects.filter(pk__in=ids[model]).count()
            if count:
                summary.counts[str(model._meta.verbose_name_plural)] += count
            model.objects.filter(pk__in=ids[model]).delete()
        summary.counts["name variants"] += len(ids[NameVariant])
        summary.counts["transcript segments"] += len(ids[TranscriptSegment])

        history_rows = _delete_link_history(ids)
        for model, pks in ids.items():
            rows = model.history.model.objects.filter(_history_filter(model, pks, ids))
            history_rows += rows.count()
            rows.delete()
        if history_rows:
            summary.counts["history entries"] = history_rows
        summary.files = len(files)
        transaction.on_commit(lambda: _delete_files(files))
    return summary


def _link_history_models() -> list[type[models.Model]]:
    """The history tables of links between records (simple_history's m2m_fields), e.g. a testimony's victims."""
    return [
        model
        for model in apps.get_app_config("archive").get_models()
        if model.__name__.startswith("Historical") and "m2m_history_id" in {f.name for f in model._meta.fields}
    ]


def _delete_link_history(ids: dict[type[models.Model], set[int]]) -> int:
    """Link history rows of demonstration records, and rows anywhere that point at one (no cascade exists)."""
    deleted = 0
    for link_model in _link_history_models():
        owner_history = link_model._meta.get_field("history").related_model
        owner = owner_history.instance_type
        condition = Q(history__in=owner_history.objects.filter(_history_filter(owner, ids[owner], ids)))
        for link_field in link_model._meta.fields:
            if link_field.is_relation and link_field.name != "history" and link_field.related_model in ids:
                condition |= Q(**{f"{link_field.name}_id__in": ids[link_field.related_model]})
        rows = link_model.objects.filter(condition)
        deleted += rows.count()
        rows.delete()
    return deleted


def _history_filter(model: type[models.Model], pks: set[int], ids: dict[type[models.Model], set[int]]) -> Q:
    """History rows that belonged to demonstration objects, including those deleted before this run."""
    condition = Q(id__in=pks)
    names = {f.name for f in model._meta.get_fields()}
    if "is_demo" in names:
        condition |= Q(is_demo=True)
    for parent, attribute in ((Victim, "victim"), (Testimony, "testimony"), (Document, "document")):
        if attribute in names and model is not parent:
            condition |= Q(**{f"{attribute}_id__in": ids[parent]})
    return condition
