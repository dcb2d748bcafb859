#!/usr/bin/env python
"""What each public page costs when it is computed (cold: no page cache), with N published victims.

    .venv/bin/python benchmarks/cold_pages.py                      # 10,000 victims, SQLite
    .venv/bin/python benchmarks/cold_pages.py --victims 50000 --repeat 9
    .venv/bin/python benchmarks/cold_pages.py --engine postgres    # database yaddas_cold_pages on 127.0.0.1
    .venv/bin/python benchmarks/cold_pages.py --reuse              # measure the last run's data again

Builds a throwaway database (SQLite: /tmp/yaddas_cold_pages.sqlite3, re-created; PostgreSQL: dropped and
re-created), loads the real timeline and places (``load_history``), then N published victims as an operator
would: a CSV from ``benchmarks.import_victims.write_victims_csv`` read by ``manage.py import_victims --publish``
(names in three scripts with variants, partial dates, fates, places; ``--bulk`` inserts simpler ones in bulk
instead, faster but with no search index). Then a portrait for a third of them, half the killed buried in one
cemetery, N/30 testimonies and documents tied to them (recordings, scans), and one victim, one testimony and one
document with many related rows (variants, photos, testimonies, documents, sources, segments, pages).

Then, for each page kind, the page is fetched with Django's test Client (full middleware, DEBUG off, plain
static files) three times to warm templates, translations and caches, then ``--repeat`` times; printed: the
median time of the whole request (wall clock, and this process's CPU time, steadier on a shared machine), the
median time spent executing statements (on SQLite a query whose rows come in index order is stepped through as they are
fetched, mostly outside this figure: compare pages by their whole time), and the number of queries (transaction
statements not counted). Every answer is computed: the page cache (``PAGE_CACHE_SECONDS``) is off. To compare two
versions of the code, run each on the same data (``--reuse``) in turn, a few times: the machine's other load
moves single runs by tens of percent.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = [
    ("Məmmədov", "Мамедов", "Mammadov"), ("Əliyev", "Алиев", "Aliyev"), ("Hüseynov", "Гусейнов", "Huseynov"),
    ("Həsənov", "Гасанов", "Hasanov"), ("İbrahimov", "Ибрагимов", "Ibrahimov"), ("Quliyev", "Кулиев", "Guliyev"),
    ("Hacıyev", "Гаджиев", "Hajiyev"), ("Rzayev", "Рзаев", "Rzayev"), ("Musayev", "Мусаев", "Musayev"),
    ("Abbasov", "Аббасов", "Abbasov"), ("Babayev", "Бабаев", "Babayev"), ("Cəfərov", "Джафаров", "Jafarov"),
    ("İsmayılov", "Исмаилов", "Ismayilov"), ("Qasımov", "Касимов", "Gasimov"), ("Rəhimov", "Рагимов", "Rahimov"),
    ("Əsgərov", "Аскеров", "Asgarov"), ("Kərimov", "Керимов", "Karimov"), ("Nəcəfov", "Наджафов", "Najafov"),
    ("Səfərov", "Сафаров", "Safarov"), ("Orucov", "Оруджев", "Orujov"), ("Vəliyev", "Велиев", "Valiyev"),
    ("Süleymanov", "Сулейманов", "Suleymanov"), ("Əhmədov", "Ахмедов", "Ahmadov"),
    ("Bağırov", "Багиров", "Baghirov"), ("Zeynalov", "Зейналов", "Zeynalov"), ("Xəlilov", "Халилов", "Khalilov"),
    ("Tağıyev", "Тагиев", "Taghiyev"), ("Şirinov", "Ширинов", "Shirinov"), ("Çələbiyev", "Челебиев", "Chalabiyev"),
    ("Yusifov", "Юсифов", "Yusifov"), ("Novruzov", "Новрузов", "Novruzov"), ("Ülvi", "Ульви", "Ulvi"),
]  # fmt: skip
GIVEN = [
    ("Əli", "Али", "Ali"), ("Məmməd", "Мамед", "Mammad"), ("Hüseyn", "Гусейн", "Huseyn"), ("Həsən", "Гасан", "Hasan"),
    ("Elşən", "Эльшан", "Elshan"), ("Rauf", "Рауф", "Rauf"), ("Tofiq", "Тофик", "Tofig"), ("Vüqar", "Вугар", "Vugar"),
    ("Səbinə", "Сабина", "Sabina"), ("Nərgiz", "Наргиз", "Nargiz"), ("Cəmilə", "Джамиля", "Jamila"),
]  # fmt: skip
FEMALE_FROM = 8  # GIVEN[8:] are women's names
FATES = [("killed", 60), ("died_of_wounds", 8), ("injured", 25), ("missing", 4), ("arrested", 3)]
EXTRA_PLACES = 40


def configure(engine: str, postgres_url: str, sqlite_path: Path, reuse: bool) -> None:
    if reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}" if engine == "sqlite" else postgres_url
    elif engine == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    else:
        import psycopg

        name = postgres_url.rsplit("/", 1)[1]
        if name == "yaddas":
            raise SystemExit("Refusing to drop the development database 'yaddas': give another --postgres-url.")
        admin = postgres_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = postgres_url
    os.environ.setdefault("DEBUG", "true")  # for settings to load; the measurements run with DEBUG off
    os.environ["DJANGO_SETTINGS_MODULE"] = "memorial.settings"
    import django

    django.setup()
    if not reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def _media(rng: random.Random, n: int, role: str, kind: str = "image", **owner):
    import uuid

    from archive.models import MediaFile

    key = uuid.UUID(int=rng.getrandbits(128))
    extension = {"image": "jpg", "audio": "mp3", "video": "mp4", "pdf": "pdf"}[kind]
    content_type = {"image": "image/jpeg", "audio": "audio/mpeg", "video": "video/mp4", "pdf": "application/pdf"}
    return MediaFile(
        key=key,
        role=role,
        kind=kind,
        order=n,
        file=f"records/{key.hex[:2]}/{key.hex}.{extension}",
        thumbnail=f"thumbnails/{key.hex[:2]}/{key.hex}.jpg" if kind == "image" else "",
        content_type=content_type[kind],
        size=1000 + n,
        sha256=f"{n:064x}",
        source_sha256=f"{n:064x}",
        width=800 if kind == "image" else None,
        height=600 if kind == "image" else None,
        duration=None if kind == "image" else 600,
        alt_text="A photograph" if kind == "image" else "",
        **owner,
    )


def _import_victims(count: int) -> None:
    """``count`` invented victims as an operator loads them: ``write_victims_csv`` and ``import_victims --publish``."""
    import io
    import tempfile

    from django.core.management import call_command

    from benchmarks.import_victims import write_victims_csv

    with tempfile.TemporaryDirectory(prefix="yaddas-cold-pages-") as workdir:
        path = write_victims_csv(Path(workdir) / "victims.csv", count, seed=1990)
        # Invented namesakes with overlapping dates are likely duplicates: imported anyway, as checked.
        call_command(
            "import_victims", str(path), "--publish", "--allow-duplicates", stdout=io.StringIO(), stderr=io.StringIO()
        )


def _bulk_victims(rng: random.Random, count: int) -> None:
    """``count`` invented victims inserted in bulk, with the fields ``Victim.save`` fills (identifier, sort key); the
    date bounds come from the fields' own ``pre_save``. Faster than the import, but leaves search unindexed."""
    from django.utils import timezone

    from archive.models import IdentifierCounter, Place, Status, Victim
    from archive.names import az_sort_key

    places = list(Place.objects.all())
    now = timezone.now()
    fate_values, fate_weights = zip(*FATES, strict=True)
    rows = []
    for number in range(1, count + 1):
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        female = GIVEN.index(given) >= FEMALE_FROM
        father = rng.choice(GIVEN[:FEMALE_FROM])
        suffix_az, suffix_ru = ("qızı", "овна") if female else ("oğlu", "ович")
        s_az, s_ru, s_en = (part + ("a" if female and part.endswith(("v", "в")) else "") for part in surname)
        year = rng.randint(1920, 1975)
        birth = rng.choice(["", f"{year}", f"{year}~", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        fate = rng.choices(fate_values, fate_weights)[0]
        death = rng.choice(["1990-01-20", "1990-01-20", "1990-01", "1990-01-21", ""])
        rows.append(
            Victim(
                identifier=f"V-{number:06d}",
                surname_az=s_az,
                given_name_az=given[0],
                patronymic_az=f"{father[0]} {suffix_az}",
                surname_ru=s_ru,
                given_name_ru=given[1],
                patronymic_ru=father[1] + suffix_ru,
                surname_en=s_en,
                given_name_en=given[2],
                gender="f" if female else rng.choice(["m", "m", "m", ""]),
                birth_date=birth,
                death_date=death if fate in ("killed", "died_of_wounds") else "",
                fate=fate,
                incident_place=rng.choice([*places, None]),
                biography_az="Tərcümeyi-hal. " * 20,
                status=Status.PUBLISHED,
                published_at=now,
                sort_key=az_sort_key(s_az, given[0], f"{father[0]} {suffix_az}"),
            )
        )
    Victim.objects.bulk_create(rows, batch_size=2000)
    IdentifierCounter.objects.update_or_create(prefix="V", defaults={"last": count})


def generate(victims: int, loader: str, seed: int = 1990) -> dict[str, str]:
    """The archive's data; returns the addresses of the records and places the page kinds show."""
    from django.db import connection, transaction
    from django.utils import timezone

    from archive.history_data import load_history
    from archive.models import (
        Document,
        IdentifierCounter,
        MediaFile,
        NameVariant,
        Place,
        Source,
        Status,
        Subject,
        Testimony,
        TranscriptSegment,
        Victim,
    )

    rng = random.Random(seed)
    started = time.perf_counter()
    load_history()
    Place.objects.bulk_create(
        Place(
            slug=f"street-{n}",
            kind=Place.Kind.STREET,
            name_az=f"Küçə {n}",
            name_en=f"Street {n}",
            name_ru=f"Улица {n}",
            latitude=40.35 + n / 1000,
            longitude=49.80 + n / 1000,
        )
        for n in range(EXTRA_PLACES)
    )
    if loader == "import":
        _import_victims(victims)
    else:
        with transaction.atomic():
            _bulk_victims(rng, victims)
    print(f"loaded {victims} victims ({loader}) in {time.perf_counter() - started:.1f} s", flush=True)
    with transaction.atomic():
        now = timezone.now()
        places = list(Place.objects.all())
        cemetery = places[0]
        people = list(Victim.objects.order_by("pk").values_list("pk", flat=True))
        # Half the killed buried in one cemetery, a portrait for a third of the names.
        Victim.objects.filter(fate=Victim.Fate.KILLED, pk__in=people[::2]).update(burial_place=cemetery)
        sources = Source.objects.bulk_create(Source(key=f"bench-{n}", title=f"Bench source {n}") for n in range(20))
        media = [_media(rng, n, MediaFile.Role.PORTRAIT, victim_id=pk) for n, pk in enumerate(people) if n % 3 == 0]
        MediaFile.objects.bulk_create(media, batch_size=2000)
        subjects = Subject.objects.bulk_create(Subject(slug=f"bench-{n}", name_az=f"Mövzu {n}") for n in range(5))
        testimonies = Testimony.objects.bulk_create(
            Testimony(
                identifier=f"T-{n:06d}",
                title=f"İfadə {n}",
                narrator_name=f"Rəvayətçi {n}",
                narrator_consent=Testimony.Consent.NAMED if n % 4 else Testimony.Consent.ANONYMOUS,
                recorded_date=f"{rng.randint(1990, 2024)}",
                recorded_place=rng.choice(places),
                languages=rng.choice([["az"], ["ru"], ["az", "ru"], ["en"]]),
                summary_az="Xülasə. " * 10,
                transcript="Gecə tanklar şəhərə girdi. " * 50,
                status=Status.PUBLISHED,
                published_at=now,
            )
            for n in range(1, max(victims // 30, 20) + 1)
        )
        documents = Document.objects.bulk_create(
            Document(
                identifier=f"D-{n:06d}",
                title=f"Sənəd {n}",
                kind=rng.choice(Document.Kind.values),
                date=rng.choice(["1990-01", "1990-01-20", "1991", "1990/1991"]),
                description_az="Təsvir. " * 10,
                status=Status.PUBLISHED,
                published_at=now,
            )
            for n in range(1, max(victims // 30, 20) + 1)
        )
        IdentifierCounter.objects.update_or_create(prefix="T", defaults={"last": len(testimonies)})
        IdentifierCounter.objects.update_or_create(prefix="D", defaults={"last": len(documents)})
        media = []
        for n, testimony in enumerate(testimonies):
            testimony.victims.add(*rng.sample(people, 2))
            if n % 2 == 0:
                media.append(_media(rng, n, MediaFile.Role.RECORDING, kind="audio", testimony=testimony))
        for n, document in enumerate(documents):
            document.victims.add(*rng.sample(people, 2))
            media.append(_media(rng, n, MediaFile.Role.PAGE, document=document))
        MediaFile.objects.bulk_create(media)

        # The records whose pages are measured: each with many related rows.
        rich_victim = Victim.objects.get(pk=people[0])
        NameVariant.objects.bulk_create(NameVariant(victim=rich_victim, name=f"Başqa yazılış {n}") for n in range(10))
        MediaFile.objects.bulk_create(_media(rng, n, MediaFile.Role.PHOTO, victim=rich_victim) for n in range(8))
        rich_victim.testimonies.add(*testimonies[:8])
        rich_victim.documents.add(*documents[:8])
        rich_victim.sources.add(*sources[:5])
        rich_testimony = testimonies[0]
        rich_testimony.victims.add(*people[1:11])
        rich_testimony.documents.add(*documents[:5])
        rich_testimony.subjects.add(*subjects)
        rich_testimony.sources.add(*sources[:5])
        if not rich_testimony.media.exists():
            MediaFile.objects.bulk_create([_media(rng, 0, MediaFile.Role.RECORDING, "audio", testimony=rich_testimony)])
        TranscriptSegment.objects.bulk_create(
            TranscriptSegment(testimony=rich_testimony, start=n * 10, end=n * 10 + 9, speaker="Rauf", text=f"Söz {n}")
            for n in range(100)
        )
        rich_document = documents[0]
        rich_document.victims.add(*people[1:11])
        rich_document.testimonies.add(*testimonies[:5])
        rich_document.sources.add(*sources[:5])
        MediaFile.objects.bulk_create(_media(rng, n, MediaFile.Role.PAGE, document=rich_document) for n in range(12))
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load. (SQLite is left unanalysed, as Django leaves it.)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"generated {victims} victims in {time.perf_counter() - started:.1f} s", flush=True)
    return addresses()


def addresses() -> dict[str, str]:
    from django.db.models import Count

    from archive.models import Document, Place, Testimony, Victim

    victim = Victim.objects.annotate(n=Count("variants")).order_by("-n", "pk").first()
    testimony = Testimony.objects.annotate(n=Count("segments")).order_by("-n", "pk").first()
    document = Document.objects.annotate(n=Count("media")).order_by("-n", "pk").first()
    place = Place.objects.annotate(n=Count("victims")).order_by("-n", "pk")[1]
    busiest = Place.objects.annotate(n=Count("victims")).order_by("-n", "pk").values_list("slug", flat=True)[0]
    return {
        "home": "/",
        "victim list": "/victims/",
        "victim list, page 100": "/victims/?page=100",
        "victim list, letter M": "/victims/?letter=M",
        "victim list, 4 filters": f"/victims/?fate=killed&place={busiest}&gender=m&age_min=20",
        "victim list, ages": "/victims/?age_min=18&age_max=30&died_to=1990-01-31",
        "victim list, printable M": "/victims/?print=1&letter=M",
        "victim page": f"/victims/{victim.identifier}/",
        "testimony list": "/testimonies/",
        "testimony list, 2 filters": "/testimonies/?language=az&media=true",
        "testimony page": f"/testimonies/{testimony.identifier}/",
        "document list": "/documents/",
        "document page": f"/documents/{document.identifier}/",
        "timeline": "/timeline/",
        "places": "/places/",
        "place page": f"/places/{place.slug}/",
        "statistics": "/statistics/",
    }


class Timer:
    """Counts and times every statement run through Django's connection (an execute wrapper)."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            if not sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")):
                self.queries += 1


def measure(pages: dict[str, str], repeat: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    print(f"\n{'page':28} {'median ms':>10} {'cpu ms':>8} {'exec ms':>8} {'queries':>8} {'bytes':>9}   path")
    for label, path in pages.items():
        for _ in range(3):  # warm: templates compiled, translations loaded, the database's pages in memory
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        totals, cpu, in_db, counts = [], [], [], []
        for _ in range(repeat):
            timer = Timer()
            with connection.execute_wrapper(timer):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                totals.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            in_db.append(timer.seconds * 1000)
            counts.append(timer.queries)
        print(
            f"{label:28} {statistics.median(totals):10.1f} {statistics.median(cpu):8.1f} "
            f"{statistics.median(in_db):8.1f} {max(counts):8d} {len(response.content):9d}   {path}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--victims", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/yaddas_cold_pages")
    parser.add_argument("--sqlite-path", type=Path, default=Path("/tmp/yaddas_cold_pages.sqlite3"))
    parser.add_argument("--reuse", action="store_true", help="measure the data of the last run again (no generation)")
    parser.add_argument("--bulk", action="store_true", help="insert the victims in bulk rather than import a CSV")
    parser.add_argument("--only", default="", help="measure only the page kinds whose label contains this")
    args = parser.parse_args()
    configure(args.engine, args.postgres_url, args.sqlite_path, args.reuse)
    from django.conf import settings
    from django.test.utils import override_settings

    pages = addresses() if args.reuse else generate(args.victims, "bulk" if args.bulk else "import")
    pages = {label: path for label, path in pages.items() if args.only in label}
    from archive.models import Victim

    print(f"public victims: {Victim.objects.public().count()}; load average: {os.getloadavg()}", flush=True)
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        DEBUG=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain_static},
        ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"],
        PAGE_CACHE_SECONDS=0,  # every page computed (memorial.page_cache, where present, keeps nothing)
    ):
        measure(pages, args.repeat)
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
