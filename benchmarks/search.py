#!/usr/bin/env python
"""Search latency at scale: synthetic victims and testimonies in a database of its own, then a fixed query mix.

    .venv/bin/python benchmarks/search.py --engine sqlite --victims 100000
    .venv/bin/python benchmarks/search.py --engine postgres --victims 1000000

SQLite: /tmp/yaddas_bench.sqlite3 (re-created). PostgreSQL: database ``yaddas_bench`` on 127.0.0.1:5432
(dropped and re-created; override with --postgres-url). Prints p50/p95 per query group: the ranked
top-20 (what a name search costs: vocabulary, candidates, scoring, the 20 records), the raw SQL of that
same work (its statements re-run on a bare cursor, summed), and the whole results page (counts and facets
included). Then the throughput of the search page over the whole query mix, cold (every answer computed)
and warm (answers cached), next to a hello-world view, all through Django's test Client in this process
(full middleware, no network), in alternating rounds so that other load on the machine weighs on all alike.

Data are inserted in bulk (COPY on PostgreSQL, one prepared INSERT on SQLite), then indexed with
``search.indexing.rebuild``. Measured with DEBUG off and plain static files, as a server would run.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (Azerbaijani, Russian, English) renderings; earlier names are more common (Zipf-like weights below).
SURNAMES = [
    ("Məmmədov", "Мамедов", "Mammadov"), ("Əliyev", "Алиев", "Aliyev"), ("Hüseynov", "Гусейнов", "Huseynov"),
    ("Həsənov", "Гасанов", "Hasanov"), ("İbrahimov", "Ибрагимов", "Ibrahimov"), ("Quliyev", "Кулиев", "Guliyev"),
    ("Hacıyev", "Гаджиев", "Hajiyev"), ("Rzayev", "Рзаев", "Rzayev"), ("Musayev", "Мусаев", "Musayev"),
    ("Abbasov", "Аббасов", "Abbasov"), ("Babayev", "Бабаев", "Babayev"), ("Cəfərov", "Джафаров", "Jafarov"),
    ("İsmayılov", "Исмаилов", "Ismayilov"), ("Qasımov", "Касимов", "Gasimov"), ("Rəhimov", "Рагимов", "Rahimov"),
    ("Əsgərov", "Аскеров", "Asgarov"), ("Kərimov", "Керимов", "Karimov"), ("Nəcəfov", "Наджафов", "Najafov"),
    ("Səfərov", "Сафаров", "Safarov"), ("Orucov", "Оруджев", "Orujov"), ("Vəliyev", "Велиев", "Valiyev"),
    ("Süleymanov", "Сулейманов", "Suleymanov"), ("Əhmədov", "Ахмедов", "Ahmadov"), ("Bağırov", "Багиров", "Baghirov"),
    ("Zeynalov", "Зейналов", "Zeynalov"), ("Məhərrəmov", "Магеррамов", "Maharramov"),
    ("Rüstəmov", "Рустамов", "Rustamov"),
    ("Xəlilov", "Халилов", "Khalilov"), ("Tağıyev", "Тагиев", "Taghiyev"), ("Şirinov", "Ширинов", "Shirinov"),
    ("Qafarov", "Гафаров", "Gafarov"), ("Ağayev", "Агаев", "Aghayev"), ("Cavadov", "Джавадов", "Javadov"),
    ("Rəsulov", "Расулов", "Rasulov"), ("Hümbətov", "Гумбатов", "Humbatov"), ("Əmirov", "Амиров", "Amirov"),
    ("Çələbiyev", "Челебиев", "Chalabiyev"), ("Xudiyev", "Худиев", "Khudiyev"), ("Əzizov", "Азизов", "Azizov"),
    ("Şahbazov", "Шахбазов", "Shahbazov"), ("Eyvazov", "Эйвазов", "Eyvazov"), ("Sadıqov", "Садыхов", "Sadigov"),
    ("Novruzov", "Новрузов", "Novruzov"), ("Paşayev", "Пашаев", "Pashayev"), ("Nağıyev", "Нагиев", "Naghiyev"),
    ("Həmidov", "Гамидов", "Hamidov"), ("Yusifov", "Юсифов", "Yusifov"), ("Salmanov", "Салманов", "Salmanov"),
    ("Qurbanov", "Курбанов", "Gurbanov"), ("Bayramov", "Байрамов", "Bayramov"),
]  # fmt: skip
GIVEN = [
    ("Əli", "Али", "Ali"), ("Məmməd", "Мамед", "Mammad"), ("Hüseyn", "Гусейн", "Huseyn"), ("Həsən", "Гасан", "Hasan"),
    ("Elşən", "Эльшан", "Elshan"), ("Rauf", "Рауф", "Rauf"), ("Tofiq", "Тофик", "Tofig"), ("Vüqar", "Вугар", "Vugar"),
    ("Elçin", "Эльчин", "Elchin"), ("Fuad", "Фуад", "Fuad"), ("Natiq", "Натик", "Natig"), ("Oqtay", "Октай", "Oktay"),
    ("Rafiq", "Рафик", "Rafig"), ("Zaur", "Заур", "Zaur"), ("İlham", "Ильхам", "Ilham"), ("Şamil", "Шамиль", "Shamil"),
    ("Cavid", "Джавид", "Javid"), ("Elnur", "Эльнур", "Elnur"), ("Xəyyam", "Хайям", "Khayyam"),
    ("Yusif", "Юсиф", "Yusif"),
    ("Kamran", "Камран", "Kamran"), ("Azər", "Азер", "Azer"), ("Ramiz", "Рамиз", "Ramiz"), ("Vaqif", "Вагиф", "Vagif"),
    ("Səbinə", "Сабина", "Sabina"), ("Nərgiz", "Наргиз", "Nargiz"), ("Cəmilə", "Джамиля", "Jamila"),
    ("Güllü", "Гюллю", "Gullu"), ("Ülkər", "Улькер", "Ulkar"), ("Aygün", "Айгюн", "Aygun"),
]  # fmt: skip
TRANSCRIPT_VOCABULARY = (
    "gecə tanklar şəhərə girdi atəş səsləri küçədə insanlar qaçırdı qardaşım evə qayıtmadı xəstəxanada "
    "yaralılar çox idi səhər Şəhidlər xiyabanı dəfn anam ağlayırdı qonşular kömək etdilər Salyan "
    "kazarması Tbilisi prospekti təcili yardım maşını güllələdilər radio susdu televiziya bloku"
)
WORDS = TRANSCRIPT_VOCABULARY.split()

QUERIES = {
    "name, two words, Azerbaijani": ["Məmmədov Əli", "Həsənov Rauf", "Cəfərov Elşən", "Şirinov Şamil"],
    "name, two words, Russian": ["Мамедов Али", "Гасанов Рауф", "Джафаров Эльшан", "Ширинов Шамиль"],
    "name, two words, English": ["Mammadov Ali", "Hasanov Rauf", "Jafarov Elshan", "Shirinov Shamil"],
    "name, common surname alone": ["Məmmədov", "Aliyev", "Гусейнов", "Hasanov"],
    "name, typo": ["Mammadof Ali", "Huseinof", "Jafarof Rauf", "Ibragimof"],
    "transcript phrase": ["tanklar şəhərə", "Salyan kazarması", "təcili yardım", "Tbilisi prospekti"],
}


def zipf_weights(count: int, exponent: float = 0.9) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def configure(engine: str, postgres_url: str, sqlite_path: Path, reuse: bool = False) -> None:
    if reuse:
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}" if engine == "sqlite" else postgres_url
    elif engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
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
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Many rows at once, as the search index's rebuild writes them (model saves would take an hour at 1M)."""
    from search.backends import backend

    if rows:
        backend().insert_rows(table, columns, rows)


def generate(victims: int, testimonies: int, seed: int = 1990) -> None:
    from django.db import connection, transaction

    from archive.models import IdentifierCounter, Status, Testimony, Victim
    from archive.names import az_sort_key

    rng = random.Random(seed)
    surname_weights, given_weights = zipf_weights(len(SURNAMES)), zipf_weights(len(GIVEN))
    # Every column's value as Django would save it, from one template record; the names vary per row.
    template = Victim(surname_az="x", status=Status.PUBLISHED, death_date="1990-01-20")
    fields = [field for field in Victim._meta.concrete_fields if not field.primary_key]
    constant = {field.attname: field.get_db_prep_save(field.pre_save(template, True), connection) for field in fields}
    columns = [field.column for field in fields]
    attnames = [field.attname for field in fields]
    started = time.perf_counter()
    batch: list[tuple] = []
    for number in range(1, victims + 1):
        surname = rng.choices(SURNAMES, surname_weights)[0]
        given = rng.choices(GIVEN, given_weights)[0]
        father = rng.choices(GIVEN[:24], given_weights[:24])[0]
        female = given in GIVEN[24:]
        suffix_az, suffix_ru = ("qızı", "овна") if female else ("oğlu", "ович")
        s_az, s_ru, s_en = (part + ("a" if female else "") for part in surname)
        values = {
            **constant,
            "identifier": f"V-{number:07d}",
            "surname_az": s_az,
            "given_name_az": given[0],
            "patronymic_az": f"{father[0]} {suffix_az}",
            "surname_ru": s_ru,
            "given_name_ru": given[1],
            "patronymic_ru": father[1] + suffix_ru,
            "surname_en": s_en,
            "given_name_en": given[2],
            "sort_key": az_sort_key(s_az, given[0], f"{father[0]} {suffix_az}"),
        }
        batch.append(tuple(values[name] for name in attnames))
        if len(batch) == 50_000:
            with transaction.atomic():
                _insert(Victim._meta.db_table, columns, batch)
            batch = []
    with transaction.atomic():
        if batch:
            _insert(Victim._meta.db_table, columns, batch)
        # New records made by hand after this get the next identifiers, not one already used.
        IdentifierCounter.objects.update_or_create(prefix="V", defaults={"last": victims})
    print(f"generated {victims} victims in {time.perf_counter() - started:.0f} s", flush=True)
    rows = []
    for number in range(1, testimonies + 1):
        transcript = " ".join(rng.choices(WORDS, k=400))
        rows.append(
            Testimony(
                identifier=f"T-{number:07d}",
                title=f"Testimony {number}",
                narrator_name="Narrator",
                narrator_consent=Testimony.Consent.NAMED,
                status=Status.PUBLISHED,
                transcript=transcript,
            )
        )
    Testimony.objects.bulk_create(rows, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def fmt(values: list[float]) -> str:
    return f"{percentile(values, 0.5):7.1f} / {percentile(values, 0.95):7.1f}"


class Statements:
    """Every statement Django runs inside the block, to run again on a bare cursor (the raw SQL time)."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)

    def replay_ms(self) -> float:
        from django.db import connection

        total = 0.0
        with connection.cursor() as cursor:
            for sql, params in self.statements:
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                total += time.perf_counter() - started
        return total * 1000


def ranked_top(q: str, kind: str) -> list:
    """What a name (or text) search costs: expand, rank within the cap, load the first page's records."""
    from search import query as engine
    from search import selectors

    words = engine.expand(engine.parse(q))
    filters = selectors.Filters(kind=kind)
    ranking = selectors._rank(kind, words, filters)
    return selectors._RankedPart(kind, ranking.items)[: selectors.PAGE_SIZE]


def measure(repeat: int) -> None:
    from django.db import connection

    from search import selectors

    print(f"\n{'query group':34} {'ranked top-20':>18} {'raw SQL':>18} {'results page':>18}   (p50 / p95 ms)")
    for group, queries in QUERIES.items():
        kind = "testimonies" if group.startswith("transcript") else "victims"
        top, raw, full = [], [], []
        for q in queries:
            ranked_top(q, kind)  # warm the caches once
        for _ in range(repeat):
            for q in queries:
                statements = Statements()
                with connection.execute_wrapper(statements):
                    started = time.perf_counter()
                    ranked_top(q, kind)
                    top.append((time.perf_counter() - started) * 1000)
                raw.append(statements.replay_ms())
                started = time.perf_counter()
                selectors.search(q, selectors.Filters(kind=kind))
                full.append((time.perf_counter() - started) * 1000)
        print(f"{group:34} {fmt(top):>18} {fmt(raw):>18} {fmt(full):>18}", flush=True)


def hello(request):
    from django.http import HttpResponse

    return HttpResponse("Hello, world")


def throughput(rounds: int, hellos: int) -> None:
    """Requests per second of /search/?q=… over the whole query mix, and of a hello-world view.

    The search page twice: cold (``SEARCH_CACHE_SECONDS=0``: every answer computed, as for a question
    never asked before) and warm (answers from the cache, as for the names asked again and again; the
    results version is still read on every request).
    """
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path

    import memorial.urls

    urls = types.ModuleType("benchmark_urls")
    urls.urlpatterns = [path("hello/", hello), *memorial.urls.urlpatterns]
    sys.modules["benchmark_urls"] = urls

    client = Client()
    mix = [q for queries in QUERIES.values() for q in queries]
    seconds = {"hello": 0.0, "cold": 0.0, "warm": 0.0}
    count = dict.fromkeys(seconds, 0)
    per_query: dict[str, list[float]] = {q: [] for q in mix}

    def search_round(label: str) -> None:
        for q in mix:
            started = time.perf_counter()
            response = client.get("/search/", {"q": q})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200
            seconds[label] += elapsed
            count[label] += 1
            if label == "cold":
                per_query[q].append(elapsed * 1000)

    with override_settings(ROOT_URLCONF="benchmark_urls"):
        cache.clear()
        for q in mix:  # warm up: templates, translations, and the cache for the warm rounds
            assert client.get("/search/", {"q": q}).status_code == 200
        assert client.get("/hello/").status_code == 200
        for _ in range(rounds):
            started = time.perf_counter()
            for _ in range(hellos):
                client.get("/hello/")
            seconds["hello"] += time.perf_counter() - started
            count["hello"] += hellos
            with override_settings(SEARCH_CACHE_SECONDS=0):
                search_round("cold")
            search_round("warm")
    rate = {label: count[label] / seconds[label] for label in seconds}
    print(f"\n{'throughput (test Client, one process)':44} {'requests/s':>12} {'of hello world':>15}")
    print(f"{'hello-world view':44} {rate['hello']:12.1f}")
    for label, title in (
        ("cold", "/search/?q=… cold (every answer computed)"),
        ("warm", "/search/?q=… warm (cached answers)"),
    ):
        print(f"{title:44} {rate[label]:12.1f} {100 * rate[label] / rate['hello']:14.1f} %")
    print("target: search page ≥ 12 % of hello world")
    by_group = {group: [ms for q in queries for ms in per_query[q]] for group, queries in QUERIES.items()}
    for group, values in by_group.items():
        print(f"  cold page, {group:34} {fmt(values):>18} ms (p50 / p95)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--testimonies", type=int, default=None, help="default: victims / 100")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5, help="throughput: rounds of hello-world and the mix")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/yaddas_bench")
    parser.add_argument("--sqlite-path", type=Path, default=Path("/tmp/yaddas_bench.sqlite3"))
    parser.add_argument("--reuse", action="store_true", help="measure the data of the last run again (no generation)")
    args = parser.parse_args()
    configure(args.engine, args.postgres_url, args.sqlite_path, reuse=args.reuse)
    print(f"load average before: {os.getloadavg()}", flush=True)
    if not args.reuse:
        generate(args.victims, args.testimonies if args.testimonies is not None else max(args.victims // 100, 10))
        from search.indexing import rebuild

        started = time.perf_counter()
        counts = rebuild()
        print(f"indexed {counts} in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    from archive.models import Victim

    print(f"victims in the database: {Victim.objects.count()}", flush=True)
    from django.test.utils import override_settings

    if connection.vendor == "postgresql" and not args.reuse:
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets a common
        # key be walked by an index-only scan.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.conf import settings

    with override_settings(
        DEBUG=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain_static},
        ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"],
    ):
        print(f"load average before measuring: {os.getloadavg()}", flush=True)
        measure(args.repeat)
        throughput(args.rounds, hellos=200)
        print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
