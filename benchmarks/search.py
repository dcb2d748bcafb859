#!/usr/bin/env python
"""Search latency at scale: synthetic victims and testimonies in a database of its own, then a fixed query mix.

    .venv/bin/python benchmarks/search.py --engine sqlite --victims 100000
    .venv/bin/python benchmarks/search.py --engine postgres --victims 1000000

SQLite: /tmp/yaddas_bench.sqlite3 (re-created). PostgreSQL: database ``yaddas_bench`` on 127.0.0.1:5432
(dropped and re-created; override with --postgres-url). Prints p50/p95 per query group: the ranked
top-20 (what a name search costs), the raw SQL of that same ranked query, and the whole results page
(counts and facets included).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
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


def configure(engine: str, postgres_url: str) -> None:
    if engine == "sqlite":
        path = Path("/tmp/yaddas_bench.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        name = postgres_url.rsplit("/", 1)[1]
        admin = postgres_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = postgres_url
    os.environ.setdefault("DEBUG", "true")
    os.environ["DJANGO_SETTINGS_MODULE"] = "memorial.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(victims: int, testimonies: int, seed: int = 1990) -> None:
    from django.db import connection, transaction

    from archive.models import Status, Testimony, Victim
    from archive.names import az_sort_key

    rng = random.Random(seed)
    surname_weights, given_weights = zipf_weights(len(SURNAMES)), zipf_weights(len(GIVEN))
    batch: list[Victim] = []
    started = time.perf_counter()
    for number in range(1, victims + 1):
        surname = rng.choices(SURNAMES, surname_weights)[0]
        given = rng.choices(GIVEN, given_weights)[0]
        father = rng.choices(GIVEN[:24], given_weights[:24])[0]
        female = given in GIVEN[24:]
        suffix_az, suffix_ru = ("qızı", "овна") if female else ("oğlu", "ович")
        s_az, s_ru, s_en = (part + ("a" if female else "") for part in surname)
        batch.append(
            Victim(
                identifier=f"V-{number:07d}",
                surname_az=s_az,
                given_name_az=given[0],
                patronymic_az=f"{father[0]} {suffix_az}",
                surname_ru=s_ru,
                given_name_ru=given[1],
                patronymic_ru=father[1] + suffix_ru,
                surname_en=s_en,
                given_name_en=given[2],
                sort_key=az_sort_key(s_az, given[0], f"{father[0]} {suffix_az}"),
                status=Status.PUBLISHED,
                death_date="1990-01-20",
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                Victim.objects.bulk_create(batch)
            batch = []
    if batch:
        Victim.objects.bulk_create(batch)
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


def measure(repeat: int) -> None:
    from django.db import connection

    from search import query as engine
    from search import selectors

    def ranked(q: str, kind: str):
        words = engine.expand(engine.parse(q))
        if kind == "victims":
            queryset = selectors._ordered("victims", engine.victims_matching(words, cap=engine.RANK_CAP), "relevance")
        else:
            queryset = selectors._ordered(kind, engine.texts_matching(selectors._MODELS[kind], words), "relevance")
        return queryset[: selectors.PAGE_SIZE]

    print(f"\n{'query group':34} {'ranked top-20':>18} {'raw SQL':>18} {'results page':>18}   (p50 / p95 ms)")
    for group, queries in QUERIES.items():
        kind = "testimonies" if group.startswith("transcript") else "victims"
        top, raw, full = [], [], []
        for q in queries:
            list(ranked(q, kind))  # warm the caches once
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                list(ranked(q, kind))
                top.append((time.perf_counter() - started) * 1000)
                sql, params = ranked(q, kind).query.sql_with_params()
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    raw.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                selectors.search(q, selectors.Filters(kind=kind))
                full.append((time.perf_counter() - started) * 1000)

        def fmt(values: list[float]) -> str:
            return f"{percentile(values, 0.5):7.1f} / {percentile(values, 0.95):7.1f}"

        print(f"{group:34} {fmt(top):>18} {fmt(raw):>18} {fmt(full):>18}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--victims", type=int, default=100_000)
    parser.add_argument("--testimonies", type=int, default=None, help="default: victims / 100")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/yaddas_bench")
    args = parser.parse_args()
    configure(args.engine, args.postgres_url)
    generate(args.victims, args.testimonies if args.testimonies is not None else max(args.victims // 100, 10))
    from search.indexing import rebuild

    started = time.perf_counter()
    counts = rebuild()
    print(f"indexed {counts} in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    measure(args.repeat)


if __name__ == "__main__":
    main()
