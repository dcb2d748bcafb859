"""The invented testimonies (one for each kind of consent) and the subjects they are filed under."""

from typing import Any

from archive.models import Access, Testimony

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
        # The transcript's translations, line by line (the last left untranslated, as a translation in progress).
        "translations": {
            "en": [
                "This is a demonstration recording: what you hear is chimes, not speech.",
                "Sample text: my brother Elvin had left home that night.",
                "Sample text: in the morning we went to look for him.",
            ],
            "ru": [
                "Это демонстрационная запись: вы слышите звон, а не речь.",
                "Пример текста: мой брат Эльвин в ту ночь ушёл из дома.",
                "Пример текста: утром мы пошли его искать.",
            ],
        },
        # The interview's index (its table of contents beside the player, the victim's "Mentioned in", the IIIF
        # manifest's ranges and OHMS), in seconds of the 12-second recording.
        "index": [
            {
                "time": "0",
                "title": ("Nümunə: yazı haqqında", "Sample: about the recording", "Пример: о записи"),
                "synopsis": (
                    "Müsahibəçi bunun nümayiş yazısı olduğunu deyir.",
                    "The interviewer says this is a demonstration recording.",
                    "Интервьюер говорит, что это демонстрационная запись.",
                ),
                "keywords": ("nümayiş", "demonstration", "демонстрация"),
            },
            {
                "time": "3",
                "title": ("Nümunə: Elvin o gecə", "Sample: Elvin that night", "Пример: Эльвин в ту ночь"),
                "synopsis": (
                    "Bacısı Elvinin gecə evdən çıxdığını və səhər axtarışı danışır.",
                    "His sister tells of Elvin leaving home at night and of the search in the morning.",
                    "Сестра рассказывает, как Эльвин ушёл ночью из дома, и об утренних поисках.",
                ),
                "keywords": ("gecə; axtarış", "night; search", "ночь; поиски"),
                "victims": ["numuneli"],
                "places": ["yasamal"],
            },
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

DEMO_SUBJECTS = [
    (
        "numayis-gece",
        "Nümayiş: 19–20 yanvar gecəsi",
        "Demonstration: the night of 19–20 January",
        "Демонстрация: ночь на 20 января",
    ),
    ("numayis-defn", "Nümayiş: dəfn və yas", "Demonstration: funerals and mourning", "Демонстрация: похороны и траур"),
]

RECORDING_CAPTION = (
    "Nümayiş yazısı: danışıq deyil, zəng səsləri",
    "Demonstration recording: chimes, not speech",
    "Демонстрационная запись: звон, а не речь",
)
