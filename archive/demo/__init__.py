"""Demonstration content: invented victims, testimonies and documents with media generated here.

Every row made here has ``is_demo=True`` and every text starts with ``DEMO_MARKER``, so a visitor never
mistakes it for the record of a real person. The surnames are built from words for "example", "sample",
"template" and "draft" (Nümunəli, Misalova, Örnəkov, Şablonov, Ülgüyev, Qaralamova…) and cover the letters
that Azerbaijani alphabetical order puts in unusual places (Ç, Ə, I, İ, Ö, Ş, Ü).

``load_demo`` loads the real places first (``archive.history_data.load_history``) so invented victims can
point at real places. ``remove_demo`` takes away every demonstration row, its files and its history.

- ``marking``: the marker and heading that label demonstration content
- ``victims``, ``testimonies``, ``documents``: the invented records, as data
- ``media``: the generated recordings, pages and images
- ``loading``, ``removal``: ``load_demo`` and ``remove_demo``
"""

from archive.demo.documents import DOCUMENTS
from archive.demo.loading import DEMO_SOURCE_KEY, DemoSummary, load_demo
from archive.demo.loading import _Loader as _Loader  # tests replace its steps
from archive.demo.marking import CHANGE_REASON, DEMO_HEADING, DEMO_MARKER, marked
from archive.demo.media import (
    RECORDING_SECONDS,
    SAMPLE_RATE,
    demo_page_image,
    demo_photograph,
    demo_portrait,
    demo_wav,
)
from archive.demo.removal import remove_demo
from archive.demo.testimonies import DEMO_SUBJECTS, TESTIMONIES
from archive.demo.victims import DRAFT, PUBLISHED, VICTIMS, WITHDRAWN

__all__ = [
    "CHANGE_REASON",
    "DEMO_HEADING",
    "DEMO_MARKER",
    "DEMO_SOURCE_KEY",
    "DEMO_SUBJECTS",
    "DOCUMENTS",
    "DRAFT",
    "PUBLISHED",
    "RECORDING_SECONDS",
    "SAMPLE_RATE",
    "TESTIMONIES",
    "VICTIMS",
    "WITHDRAWN",
    "DemoSummary",
    "demo_page_image",
    "demo_photograph",
    "demo_portrait",
    "demo_wav",
    "load_demo",
    "marked",
    "remove_demo",
]
