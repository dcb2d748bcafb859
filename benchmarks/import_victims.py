#!/usr/bin/env python
"""How fast ``manage.py import_victims`` takes a large list, in a throwaway database of its own.

    .venv/bin/python benchmarks/import_victims.py --count 10000
    .venv/bin/python benchmarks/import_victims.py --count 100000 --database-url postgres://postgres@127.0.0.1:5432/yaddas_import_bench

SQLite (default): a temporary file, removed afterwards. PostgreSQL: the database named in --database-url is
dropped and re-created (never ``yaddas``, the development database). The database is migrated, a CSV of
``--count`` invented victims is written (``write_victims_csv``, also used by other benchmarks), and the
command is run on it as an operator would, its progress lines shown. Prints the time and rows per second.

``write_victims_csv`` imports nothing of Django, so any script may call it before choosing its settings.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The importer's columns (archive.importing.COLUMNS), spelled out so that no Django import is needed here.
COLUMNS = (
    "surname_az", "given_name_az", "patronymic_az", "surname_ru", "given_name_ru", "patronymic_ru",
    "surname_en", "given_name_en", "variants", "gender", "birth_date", "death_date", "fate", "place",
    "biography_az", "biography_en", "biography_ru",
)  # fmt: skip

# (Azerbaijani, Russian, English) masculine surnames; the feminine forms add "a". Earlier ones are commoner.
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
    ("Rüstəmov", "Рустамов", "Rustamov"), ("Xəlilov", "Халилов", "Khalilov"), ("Tağıyev", "Тагиев", "Taghiyev"),
    ("Şirinov", "Ширинов", "Shirinov"), ("Qafarov", "Гафаров", "Gafarov"), ("Ağayev", "Агаев", "Aghayev"),
    ("Cavadov", "Джавадов", "Javadov"), ("Rəsulov", "Расулов", "Rasulov"), ("Hümbətov", "Гумбатов", "Humbatov"),
    ("Əmirov", "Амиров", "Amirov"), ("Çələbiyev", "Челебиев", "Chalabiyev"), ("Xudiyev", "Худиев", "Khudiyev"),
    ("Əzizov", "Азизов", "Azizov"), ("Şahbazov", "Шахбазов", "Shahbazov"), ("Eyvazov", "Эйвазов", "Eyvazov"),
    ("Sadıqov", "Садыхов", "Sadigov"), ("Novruzov", "Новрузов", "Novruzov"), ("Paşayev", "Пашаев", "Pashayev"),
    ("Nağıyev", "Нагиев", "Naghiyev"), ("Həmidov", "Гамидов", "Hamidov"), ("Yusifov", "Юсифов", "Yusifov"),
    ("Salmanov", "Салманов", "Salmanov"), ("Qurbanov", "Курбанов", "Gurbanov"), ("Bayramov", "Байрамов", "Bayramov"),
    ("Göyüşov", "Гёюшов", "Goyushov"), ("Dünyamalıyev", "Дуньямалиев", "Dunyamaliyev"),
    ("Çobanov", "Чобанов", "Chobanov"), ("Ələkbərov", "Алекперов", "Alakbarov"), ("Şükürov", "Шукюров", "Shukurov"),
]  # fmt: skip
MALE = [
    ("Əli", "Али", "Ali"), ("Məmməd", "Мамед", "Mammad"), ("Hüseyn", "Гусейн", "Huseyn"), ("Həsən", "Гасан", "Hasan"),
    ("Elşən", "Эльшан", "Elshan"), ("Rauf", "Рауф", "Rauf"), ("Tofiq", "Тофик", "Tofig"), ("Vüqar", "Вугар", "Vugar"),
    ("Elçin", "Эльчин", "Elchin"), ("Fuad", "Фуад", "Fuad"), ("Natiq", "Натик", "Natig"), ("Oqtay", "Октай", "Oktay"),
    ("Rafiq", "Рафик", "Rafig"), ("Zaur", "Заур", "Zaur"), ("İlham", "Ильхам", "Ilham"), ("Şamil", "Шамиль", "Shamil"),
    ("Cavid", "Джавид", "Javid"), ("Elnur", "Эльнур", "Elnur"), ("Xəyyam", "Хайям", "Khayyam"),
    ("Yusif", "Юсиф", "Yusif"), ("Kamran", "Камран", "Kamran"), ("Azər", "Азер", "Azer"), ("Ramiz", "Рамиз", "Ramiz"),
    ("Vaqif", "Вагиф", "Vagif"), ("Çingiz", "Чингиз", "Chingiz"), ("Müşfiq", "Мушфик", "Mushfig"),
    ("Göyüş", "Гёюш", "Goyush"), ("Ağası", "Агасы", "Aghasi"), ("Şahin", "Шахин", "Shahin"),
    ("İlqar", "Ильгар", "Ilgar"),
]  # fmt: skip
FEMALE = [
    ("Səbinə", "Сабина", "Sabina"), ("Nərgiz", "Наргиз", "Nargiz"), ("Cəmilə", "Джамиля", "Jamila"),
    ("Güllü", "Гюллю", "Gullu"), ("Ülkər", "Улькер", "Ulkar"), ("Aygün", "Айгюн", "Aygun"), ("Leyla", "Лейла", "Leyla"),
    ("Şəfiqə", "Шафига", "Shafiga"), ("Gülçöhrə", "Гюльчохра", "Gulchohra"), ("Səidə", "Саида", "Saida"),
    ("İradə", "Ирада", "Irada"), ("Xədicə", "Хадиджа", "Khadija"), ("Fəridə", "Фарида", "Farida"),
    ("Zöhrə", "Зохра", "Zohra"), ("Larisa", "Лариса", "Larisa"), ("Vera", "Вера", "Vera"),
]  # fmt: skip
PLACES = [
    "Salyan kazarmaları", "Tbilisi prospekti", "Şəhidlər Xiyabanı", "Bakı", "Sumqayıt", "Yasamal rayonu",
    "Nərimanov rayonu", "Səbail rayonu", "Binəqədi rayonu", "Xətai rayonu", "Nəsimi rayonu", "Lənkəran",
    "Neftçala", "Azadlıq meydanı", "Dövlət Təhlükəsizlik Komitəsinin binası", "Kommunist küçəsi",
    "Bakı-Sumqayıt yolu", "20-ci sahə", "Bayıl", "Keşlə", "Bakı limanı", "Şamaxı yolu", "Qaraçuxur",
    "Bülbülə", "Zığ yolu", "Əhmədli", "Günəşli", "Badamdar", "Şüvəlan", "Mərdəkan",
]  # fmt: skip
FATES = ["killed"] * 14 + ["died_of_wounds"] * 3 + ["injured"] * 4 + ["missing", "arrested"]
BIOGRAPHIES_AZ = [
    "Tələbə idi.", "Fəhlə işləyirdi.", "Həkim idi; yaralılara kömək edərkən güllələndi.",
    "Sürücü idi, təcili yardım maşınında öldürüldü.", "Məktəb müəllimi idi. İki övladı qaldı.",
]  # fmt: skip
BIOGRAPHIES_EN = ["A student.", "A worker at the oil refinery.", "A nurse, shot while helping the wounded."]
BIOGRAPHIES_RU = ["Был студентом.", "Работал водителем скорой помощи.", "Погиб на проспекте Тбилиси."]
# The Russian forms as an English-speaking clerk of 1990 would have typed them: "Мамедов" → "Mamedov".
_RU_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip


def _latin(russian: str) -> str:
    return " ".join(word.lower().translate(_RU_LATIN).capitalize() for word in russian.split())


def _weights(count: int) -> list[float]:
    return [1 / (rank**0.9) for rank in range(1, count + 1)]  # Zipf-like: a few names are very common


SURNAME_WEIGHTS = _weights(len(SURNAMES))


def _partial_date(rng: random.Random, first_year: int, last_year: int) -> str:
    year = rng.randint(first_year, last_year)
    form = rng.random()
    if form < 0.35:
        return f"{year}"
    if form < 0.45:
        return f"{year}-{rng.randint(1, 12):02d}"
    if form < 0.5:
        return rng.choice([f"circa {year}", f"{year}~", f"{year}?"])
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _death_date(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.75:
        return f"1990-01-{rng.choice([19, 20, 20, 20, 21, 22])}"
    if form < 0.85:
        return "1990-01"
    if form < 0.9:
        return ""
    return f"1990-0{rng.randint(1, 3)}-{rng.randint(1, 28):02d}"


def victim_row(rng: random.Random) -> dict[str, str]:
    """One invented victim, as a list sent by a family association or a ministry would give it."""
    female = rng.random() < 0.12
    surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
    given = rng.choice(FEMALE if female else MALE)
    father = rng.choice(MALE)
    if female:
        surname = tuple(form + "a" for form in surname)
    row = {
        "surname_az": surname[0],
        "given_name_az": given[0],
        "patronymic_az": f"{father[0]} {'qızı' if female else 'oğlu'}",
        "surname_ru": surname[1],
        "given_name_ru": given[1],
        "patronymic_ru": f"{father[1]} {'кызы' if female else 'оглы'}",
        "surname_en": surname[2],
        "given_name_en": given[2],
        "gender": "f" if female else "m",
        "birth_date": _partial_date(rng, 1915, 1975) if rng.random() < 0.85 else "",
        "death_date": _death_date(rng),
        "fate": rng.choice(FATES) if rng.random() < 0.9 else "",
        "place": rng.choice(PLACES) if rng.random() < 0.8 else "",
    }
    if rng.random() < 0.1:  # known only from Soviet-era papers: no Azerbaijani or English form
        for column in ("surname_az", "given_name_az", "patronymic_az", "surname_en", "given_name_en"):
            row[column] = ""
    elif rng.random() < 0.05:  # an Azerbaijani list without Russian forms
        for column in ("surname_ru", "given_name_ru", "patronymic_ru"):
            row[column] = ""
    if row["place"] and rng.random() < 0.05:
        # The same place typed in capitals (on an Azerbaijani keyboard: i → İ, ı → I): found, not duplicated.
        row["place"] = row["place"].replace("i", "İ").replace("ı", "I").upper()
    variants = []
    if rng.random() < 0.6:
        variants.append(_latin(f"{surname[1]} {given[1]}"))
    if rng.random() < 0.2:
        variants.append(f"{surname[1]} {given[1]} {father[1]}{'овна' if female else 'ович'}")
    row["variants"] = "; ".join(variants)
    if rng.random() < 0.3:
        row["biography_az"] = rng.choice(BIOGRAPHIES_AZ)
    if rng.random() < 0.15:
        row["biography_en"] = rng.choice(BIOGRAPHIES_EN)
    if rng.random() < 0.15:
        row["biography_ru"] = rng.choice(BIOGRAPHIES_RU)
    return row


def _identity(row: dict[str, str]) -> tuple[str, ...]:
    # What the importer takes for the same person (names, and dates as normalised: "circa 1948" is "1948~").
    dates = tuple(
        row[column].removeprefix("circa ") + ("~" if row[column].startswith("circa ") else "")
        for column in ("birth_date", "death_date")
    )
    return (*(row[column] for column in COLUMNS[:8]), *dates)


def write_victims_csv(path: Path | str, count: int, seed: int = 0) -> Path:
    """Write a UTF-8 CSV of ``count`` invented victims in the importer's columns; the same ``seed`` gives the same file.

    Every row is valid and no two rows are the same person (same names and dates), so the whole file imports.
    """
    rng = random.Random(seed)
    path = Path(path)
    seen: set[tuple[str, ...]] = set()
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for _ in range(count):
            row = victim_row(rng)
            while _identity(row) in seen:  # common names meet: a real list tells them apart by a birth day
                row["birth_date"] = f"{rng.randint(1915, 1975)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            seen.add(_identity(row))
            writer.writerow([row.get(column, "") for column in COLUMNS])
    return path


def configure(database_url: str | None, workdir: Path) -> str:
    """Point Django at a fresh database and migrate it; returns its URL."""
    if database_url is None:
        database_url = f"sqlite:///{workdir / 'import_bench.sqlite3'}"
    elif database_url.startswith("postgres"):
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        if name in ("yaddas", "postgres", ""):
            raise SystemExit(f"Refusing to drop the database {name!r}: give a throwaway one in --database-url.")
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    else:
        raise SystemExit("--database-url: give a postgres://… URL, or nothing for a temporary SQLite file.")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "true")  # for settings to load; the import runs with DEBUG off
    os.environ["DJANGO_SETTINGS_MODULE"] = "memorial.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no query log: a server's import command runs without one
    call_command("migrate", verbosity=0)
    return database_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=10_000, help="victims in the file (default 10,000)")
    parser.add_argument("--database-url", default=None, help="postgres://…/NAME (dropped and re-created)")
    parser.add_argument("--batch-size", type=int, default=None, help="the command's --batch-size (default: its own)")
    parser.add_argument("--publish", action="store_true", help="import with --publish")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yaddas-import-bench-") as workdir:
        url = configure(args.database_url, Path(workdir))
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        path = Path(workdir) / "victims.csv"
        started = time.perf_counter()
        write_victims_csv(path, args.count, seed=args.seed)
        size = path.stat().st_size / 1e6
        print(f"wrote {args.count:,} victims ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")

        from django.core.management import call_command

        from archive.models import NameVariant, Victim

        # The invented list repeats common names with dates that overlap, as a real one does: they are likely
        # duplicates (reported on stderr), imported anyway, as an operator who has checked them would.
        options = ["--allow-duplicates", *(["--publish"] if args.publish else [])]
        if args.batch_size:
            options += ["--batch-size", str(args.batch_size)]
        print(f"load average before: {os.getloadavg()}", flush=True)
        started, cpu_started = time.perf_counter(), time.process_time()
        call_command("import_victims", str(path), *options, stdout=sys.stdout, stderr=sys.stderr)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        victims = Victim.objects.count()
        print(
            f"{engine}: imported {victims:,} victims ({NameVariant.objects.count():,} name variants) "
            f"in {seconds:.1f} s: {victims / seconds:,.0f} rows/s",
            flush=True,
        )
        # On a shared machine the wall time depends on the others; this process's own CPU time does not (for
        # SQLite it includes the database's work, for PostgreSQL not the server's).
        print(f"CPU time of this process: {cpu:.1f} s; load average after: {os.getloadavg()}", flush=True)
        if victims != args.count:
            raise SystemExit(f"expected {args.count:,} victims, found {victims:,}")


if __name__ == "__main__":
    main()
