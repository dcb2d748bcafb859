"""The real facts of January 1990 as data: sources, places and timeline events, and their loader.

Every statement here is a paraphrase of what a cited source says, at the precision that source gives.
Where sources disagree (the figures above all) the event says who counted what, rather than choosing.
Nothing here is demonstration data: these rows are never marked ``is_demo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from archive.models import Event, Place, Source, Status

ACCESSED = date(2026, 11, 25)

SOURCES: list[dict[str, Any]] = [
    {
        "key": "hrw-1991-black-january",
        "author": "Human Rights Watch/Helsinki (Helsinki Watch); Inter-Republic Memorial Society",
        "title": "Conflict in the Soviet Union: Black January in Azerbaidzhan",
        "publisher": "Human Rights Watch, New York",
        "date": "1991-05",
        "url": "https://docslib.org/doc/1243078/soviet-crackdown",
        "note": "ISBN 1-56432-027-8. Read in a copy hosted by docslib.org.",
    },
    {
        "key": "wikipedia-black-january",
        "author": "Wikipedia contributors",
        "title": "Black January",
        "publisher": "Wikipedia, the free encyclopedia",
        "url": "https://en.wikipedia.org/wiki/Black_January",
        "note": "Read in the October 2023 offline copy of the article; it cites the Human Rights Watch report.",
    },
    {
        "key": "wikipedia-black-january-early",
        "author": "Wikipedia contributors",
        "title": "Black January (early revision)",
        "publisher": "Wikipedia, the free encyclopedia",
        "url": "https://en.wikipedia.org/w/index.php?title=Black_January&oldid=17057683",
        "note": "An early revision of the article (revision 17057683), kept for the funerals and the later decrees.",
    },
    {
        "key": "wikipedia-mirza-khazar",
        "author": "Wikipedia contributors",
        "title": "Mirza Khazar — 1990 Black January",
        "publisher": "Wikipedia, the free encyclopedia",
        "url": "https://en.wikipedia.org/wiki/Mirza_Khazar",
    },
    {
        "key": "ambassador-albania-op-ed",
        "author": "Ambassador of the Republic of Azerbaijan to Albania",
        "title": "‘Black January’ and the Independence of Azerbaijan",
        "date": "2024",
        "note": (
            "An opinion article by a serving diplomat, not a neutral account. The year is inferred from the "
            "text (it calls September 2023 “last year”). Source of the figures 131 killed officially, 744 "
            "seriously injured, 4 missing and about 400 arrested."
        ),
    },
    {
        "key": "aliyev-heritage-speech-1990",
        "author": "Heydar Aliyev",
        "title": (
            "Speech at the meeting in the Permanent Representation of the Azerbaijan Republic in Moscow, on "
            "January 21, 1990, dedicated to the tragic events in Baku of January 20, 1990"
        ),
        "publisher": "Heydar Aliyev Heritage International Online Library",
        "date": "1990-01-21",
        "url": "https://lib.aliyev-heritage.org/en/6990816.html",
    },
    {
        "key": "aliyev-heritage-background-1994",
        "title": (
            "Historical background to the document “The speech of the President of the Republic of Azerbaijan "
            "Haydar Aliyev at the meeting with the families of the martyrs (January 19, 1994)”"
        ),
        "publisher": "Heydar Aliyev Heritage International Online Library",
        "url": "https://lib.aliyev-heritage.org/en/95754797.html",
    },
    {
        "key": "agenzianova-2024-mfa",
        "title": "Azerbaigian: ministero Esteri ricorda il 34esimo anniversario del “gennaio nero”",
        "publisher": "Agenzia Nova",
        "date": "2024-01-20",
        "url": (
            "https://www.agenzianova.com/a/65ab8f818bd612.87528139/4783189/2024-01-20/"
            "azerbaigian-ministero-esteri-ricorda-il-34esimo-anniversario-del-gennaio-nero-2"
        ),
        "note": "Reports a statement of the Ministry of Foreign Affairs of Azerbaijan.",
    },
    {
        "key": "bloody-memory",
        "title": "Bloody Memory. 20 January – National Mourning Day",
        "publisher": "docslib.org (hosted copy)",
        "url": "https://docslib.org/doc/11506965/bloody-memory",
        "note": "An Azerbaijani commemorative publication; author and year not given in the copy read.",
    },
    {
        "key": "caspianpost-january-20",
        "title": "Azerbaijani people commemorates January 20 martyrs",
        "publisher": "The Caspian Post",
        "url": "https://caspianpost.com/azerbaijan/azerbaijani-people-commemorates-january-20-martyrs",
    },
    {
        "key": "turan-2020-us-embassy",
        "title": "US Embassy on Thirtieth Anniversary of Black January",
        "publisher": "Turan Information Agency",
        "date": "2020-01-20",
        "url": "https://turan.az/en/politics/us-embassy-on-thirtieth-anniversary-of-black-january",
    },
    {
        "key": "currenttime-2020",
        "title": "Remembering Baku’s Black January: “Tanks were crushing and shooting at everyone”",
        "publisher": "Current Time (RFE/RL)",
        "date": "2020-01",
        "url": (
            "https://en.currenttime.tv/a/remembering-baku-s-black-january-tanks-were-crushing-and-shooting-at-"
            "everyone-/30404670.html"
        ),
    },
    {
        "key": "report-2026-neftchala-witness",
        "title": "Очевидец январской трагедии в Нефтчале: Мы пережили ужасы, которые трудно описать словами",
        "publisher": "Report.az",
        "date": "2026-01-24",
        "url": (
            "https://report.az/ru/vnutrennyaya-politika/ochevidec-yanvarskoj-tragedii-v-neftchale-my-perezhili-"
            "uzhasy-kotorye-trudno-opisat-slovami"
        ),
    },
    {
        "key": "report-2026-minute-of-silence",
        "title": "Azərbaycanda 20 Yanvar şəhidlərinin xatirəsi bir dəqiqəlik sükutla yad olunub",
        "publisher": "Report.az",
        "date": "2026-01-20",
        "url": (
            "https://report.az/daxili-siyaset/azerbaycanda-20-yanvar-sehidlerinin-xatiresi-bir-deqiqelik-"
            "sukutla-yad-olunub2026"
        ),
    },
    {
        "key": "olke-20-yanvar",
        "title": "20 Yanvar günü iş olacaq?",
        "publisher": "Ölkə.az",
        "url": "https://olke.az/olke/408029/20-yanvar-gunu-is-olacaqnbsp",
    },
    {
        "key": "bakutv-2026-witness",
        "title": "Dəhşətli gecənin canlı şahidi olanları danışdı",
        "publisher": "Baku TV",
        "date": "2026-01-20",
        "url": (
            "https://baku.tv/cemiyyet/dehsetli-gecenin-canli-sahidi-olanlari-danisdi-quotorduya-isare-"
            "etdiler-kiquot-baku-tv"
        ),
    },
    {
        "key": "azerhistory-babayev",
        "title": "20 января 1990 года: воспоминания Васифа Бабаева",
        "publisher": "azerhistory.com",
        "url": "https://azerhistory.com/?p=7993",
        "note": "Title given here describes the page; it holds the recollections of the actor Vasif Babayev.",
    },
    {
        "key": "worldtourisminfo-alley",
        "title": "Alley Of Martyrs",
        "publisher": "worldtourisminfo.com",
        "url": "http://worldtourisminfo.com/azerbaijan/4670-Alley-Of-Martyrs.html",
        "note": "A travel guide; cited only for the park's earlier name.",
    },
]

# Ordered so that a parent comes before the places within it.
PLACES: list[dict[str, Any]] = [
    {
        "slug": "baki",
        "kind": Place.Kind.CITY,
        "name_az": "Bakı",
        "name_en": "Baku",
        "name_ru": "Баку",
        "latitude": Decimal("40.409300"),
        "longitude": Decimal("49.867100"),
        "description_az": (
            "Azərbaycanın paytaxtı. 1990-cı il yanvarın 19-dan 20-nə keçən gecə sovet qoşunları şəhərə daxil oldu."
        ),
        "description_en": (
            "The capital of Azerbaijan. Soviet troops entered the city on the night of 19 to 20 January 1990."
        ),
        "description_ru": "Столица Азербайджана. В ночь с 19 на 20 января 1990 года в город вошли советские войска.",
        "sources": ["wikipedia-black-january"],
    },
    {
        "slug": "neftcala",
        "kind": Place.Kind.CITY,
        "name_az": "Neftçala",
        "name_en": "Neftchala",
        "name_ru": "Нефтечала",
        "latitude": Decimal("39.380000"),
        "longitude": Decimal("49.250000"),
        "description_az": (
            "Azərbaycanın cənub-şərqində şəhər. Fövqəladə vəziyyət elan olunmayan bu rayonda 25 yanvar "
            "1990-cı ildə dinc sakinlər öldürüldü."
        ),
        "description_en": (
            "A town in south-eastern Azerbaijan. Civilians were killed here on 25 January 1990, in a "
            "district where no state of emergency had been declared."
        ),
        "description_ru": (
            "Город на юго-востоке Азербайджана. Здесь 25 января 1990 года были убиты мирные жители, хотя "
            "чрезвычайное положение в районе не объявлялось."
        ),
        "sources": ["bloody-memory", "caspianpost-january-20"],
    },
    {
        "slug": "lenkeran",
        "kind": Place.Kind.CITY,
        "name_az": "Lənkəran",
        "name_en": "Lankaran",
        "name_ru": "Ленкорань",
        "latitude": Decimal("38.752900"),
        "longitude": Decimal("48.847500"),
        "description_az": "Azərbaycanın cənubunda şəhər. 26 yanvar 1990-cı ildə burada dinc sakinlər öldürüldü.",
        "description_en": "A city in southern Azerbaijan. Civilians were killed here on 26 January 1990.",
        "description_ru": "Город на юге Азербайджана. Здесь 26 января 1990 года были убиты мирные жители.",
        "sources": ["bloody-memory", "caspianpost-january-20"],
    },
    {
        "slug": "moskva",
        "kind": Place.Kind.CITY,
        "name_az": "Moskva",
        "name_en": "Moscow",
        "name_ru": "Москва",
        "latitude": Decimal("55.755800"),
        "longitude": Decimal("37.617300"),
        "sources": ["aliyev-heritage-speech-1990"],
    },
    {
        "slug": "sehidler-xiyabani",
        "kind": Place.Kind.CEMETERY,
        "parent": "baki",
        "name_az": "Şəhidlər Xiyabanı",
        "name_en": "Alley of Martyrs",
        "name_ru": "Аллея шехидов",
        "historical_names": "Kirov adına park; Dağüstü park (Нагорный парк)",
        "description_az": (
            "Bakıda, dənizə baxan təpədəki parkda xatirə qəbiristanlığı. 1990-cı ilin yanvar qurbanları burada "
            "dəfn olunub; hər il 20 yanvarda minlərlə insan buranı ziyarət edir."
        ),
        "description_en": (
            "A memorial cemetery in the hilltop park above Baku bay, where the victims of January 1990 were "
            "buried; every 20 January crowds come here to lay carnations."
        ),
        "description_ru": (
            "Мемориальное кладбище в нагорном парке над Бакинской бухтой, где похоронены жертвы января 1990 года; "
            "каждый год 20 января сюда приходят тысячи людей."
        ),
        "sources": ["currenttime-2020", "worldtourisminfo-alley", "report-2026-minute-of-silence"],
    },
    {
        "slug": "azadliq-meydani",
        "kind": Place.Kind.STREET,
        "parent": "baki",
        "name_az": "Azadlıq meydanı",
        "name_en": "Azadliq (Freedom) Square",
        "name_ru": "Площадь Азадлыг",
        "description_az": (
            "Bakıda meydan; 1990-cı il yanvarın 16–18-də burada, Ali Sovetin binası qarşısında kütləvi "
            "mitinqlər keçirilirdi."
        ),
        "description_en": (
            "A square in Baku where mass rallies were held in front of the Supreme Soviet building on "
            "16–18 January 1990."
        ),
        "description_ru": (
            "Площадь в Баку, где 16–18 января 1990 года перед зданием Верховного Совета проходили массовые митинги."
        ),
        "sources": ["azerhistory-babayev"],
    },
    {
        "slug": "yasamal",
        "kind": Place.Kind.DISTRICT,
        "parent": "baki",
        "name_az": "Yasamal",
        "name_en": "Yasamal",
        "name_ru": "Ясамал",
        "description_az": (
            "Bakının rayonu. Bir şahid həmin gecə qoşunların Yasamal bazarının yanından atəş açaraq "
            "irəlilədiyini xatırlayır."
        ),
        "description_en": (
            "A district of Baku. A witness recalls troops advancing past the Yasamal market that night, "
            "firing as they went."
        ),
        "description_ru": (
            "Район Баку. Очевидец вспоминает, как в ту ночь войска продвигались мимо Ясамальского рынка, ведя огонь."
        ),
        "sources": ["bakutv-2026-witness"],
    },
    {
        "slug": "moskva-daimi-numayendelik",
        "kind": Place.Kind.BUILDING,
        "parent": "moskva",
        "name_az": "Azərbaycanın Moskvadakı daimi nümayəndəliyi",
        "name_en": "Permanent Representation of Azerbaijan in Moscow",
        "name_ru": "Постоянное представительство Азербайджана в Москве",
        "sources": ["aliyev-heritage-speech-1990"],
    },
]

EVENTS: list[dict[str, Any]] = [
    {
        "key": "1990-01-19-tv-power-unit",
        "date": "1990-01-19",
        "place": "baki",
        "title_az": "Azərbaycan televiziyasının enerji bloku partladıldı",
        "title_en": "The power unit of Azerbaijani state television is blown up",
        "title_ru": "Взорван энергоблок Азербайджанского телевидения",
        "description_az": (
            "Qoşunlar şəhərə girməzdən əvvəl Azərbaycan televiziyasının enerji bloku partladıldı: respublikada "
            "televiziya və radio verilişləri kəsildi, telefon əlaqəsi də pozuldu. Sonrakı bir neçə gün ərzində "
            "Bakıdan xəbərləri əsasən Azadlıq Radiosunun Azərbaycan xidməti yayırdı."
        ),
        "description_en": (
            "Before the troops entered the city, the power unit of Azerbaijani state television was blown up: "
            "television and radio broadcasts in the republic stopped and telephone links were cut. For several "
            "days afterwards the Azerbaijani service of Radio Liberty was the main source of news from Baku."
        ),
        "description_ru": (
            "Перед вводом войск был взорван энергоблок Азербайджанского телевидения: телевизионное и радиовещание "
            "в республике прекратилось, была нарушена и телефонная связь. Несколько дней после этого главным "
            "источником новостей из Баку была азербайджанская служба Радио «Свобода»."
        ),
        "sources": ["turan-2020-us-embassy", "wikipedia-mirza-khazar"],
    },
    {
        "key": "1990-01-19-state-of-emergency-decree",
        "date": "1990-01-19",
        "place": "baki",
        "title_az": "SSRİ Ali Soveti Rəyasət Heyətinin Bakıda fövqəladə vəziyyət haqqında fərmanı",
        "title_en": "Decree of the Presidium of the USSR Supreme Soviet on a state of emergency in Baku",
        "title_ru": "Указ Президиума Верховного Совета СССР о чрезвычайном положении в Баку",
        "description_az": (
            "19 yanvar tarixli fərmanla, M. Qorbaçovun imzası ilə, 20 yanvardan Bakıda fövqəladə vəziyyət elan "
            "edildi. Əhaliyə bu barədə yalnız hərbi əməliyyat başlayandan bir neçə saat sonra, çoxları artıq "
            "həlak olduqdan və yaralandıqdan sonra məlumat verildi."
        ),
        "description_en": (
            "A decree dated 19 January and signed by Mikhail Gorbachev declared a state of emergency in Baku "
            "from 20 January. The people of the city were told of it only several hours after the military "
            "operation had begun, when many already lay dead or wounded."
        ),
        "description_ru": (
            "Указом от 19 января, подписанным М. Горбачёвым, в Баку с 20 января вводилось чрезвычайное положение. "
            "Жителям города о нём сообщили лишь через несколько часов после начала военной операции, когда многие "
            "уже были убиты или ранены."
        ),
        "sources": ["wikipedia-black-january", "hrw-1991-black-january"],
    },
    {
        "key": "1990-01-20-troops-enter-baku",
        "date": "1990-01-19/1990-01-20",
        "place": "baki",
        "title_az": "Sovet qoşunları Bakıya daxil olur",
        "title_en": "Soviet troops enter Baku",
        "title_ru": "Советские войска входят в Баку",
        "description_az": (
            "Yanvarın 19-dan 20-nə keçən gecə Sovet Ordusu, daxili qoşunlar və DTK hissələri şəhərə bir neçə "
            "istiqamətdən girdi, maşınlardan qurulmuş barrikadaları aşaraq atəş açdı. Səfirin məqaləsində "
            "qoşunların sayı 20 mindən çox, digər mənbələrdə təxminən 26 min göstərilir. Ölənlər arasında "
            "yaralılara kömək edən, təsadüfən küçədə olan və hətta evində pəncərə önündə dayanan insanlar var idi."
        ),
        "description_en": (
            "On the night of 19 to 20 January units of the Soviet Army, the Interior Ministry troops and the KGB "
            "entered the city from several directions, broke through barricades of vehicles and opened fire. The "
            "ambassador's article puts the troops at more than 20,000; other accounts give about 26,000. Among the "
            "dead were people helping the wounded, passers-by and people standing at their own windows."
        ),
        "description_ru": (
            "В ночь с 19 на 20 января части Советской армии, внутренних войск и КГБ вошли в город с нескольких "
            "направлений, прорвали баррикады из машин и открыли огонь. В статье посла численность войск — более "
            "20 тысяч, в других источниках — около 26 тысяч. Среди погибших были люди, помогавшие раненым, "
            "случайные прохожие и даже стоявшие у окон собственных квартир."
        ),
        "sources": [
            "hrw-1991-black-january",
            "ambassador-albania-op-ed",
            "currenttime-2020",
            "wikipedia-black-january",
        ],
    },
    {
        "key": "1990-01-toll",
        "date": "1990-01",
        "place": "baki",
        "title_az": "Qurbanların sayı: rəsmi və digər hesablamalar",
        "title_en": "The toll: official and other counts",
        "title_ru": "Число жертв: официальные и другие подсчёты",
        "description_az": (
            "Rəqəmlər mənbədən mənbəyə fərqlənir. Səfirin məqaləsinə görə rəsmi olaraq 131 nəfər öldürülüb, 744 "
            "nəfər ağır yaralanıb, 4 nəfər itkin düşüb, 400-ə yaxın adam həbs olunub; fövqəladə vəziyyət elan "
            "ediləndən sonra Bakıda daha 21 nəfər öldürülüb, Neftçala və Lənkəranda 26 nəfər güllələnib; qeyri-rəsmi "
            "hesablamalar ən azı 300 ölü deyir. “Qanlı yaddaş” nəşrinə görə fövqəladə vəziyyət elan olunanadək 82 "
            "nəfər öldürülüb, 20 nəfər ölümcül yaralanıb, sonra Bakıda daha 21, Neftçala və Lənkəranda 8 nəfər "
            "öldürülüb; 841 nəfər həbs edilib. Sonrakı rəsmi açıqlamalarda 147 ölü rəqəmi verilir."
        ),
        "description_en": (
            "The figures differ from source to source. The ambassador's article gives, officially, 131 killed, "
            "744 seriously injured, 4 missing and about 400 arrested; after the state of emergency was declared "
            "21 more were killed in Baku and 26 shot in Neftchala and Lankaran; unofficial counts reach at least "
            "300 dead. The publication “Bloody Memory” counts 82 killed and 20 fatally wounded before the state "
            "of emergency was announced, 21 more killed in Baku afterwards and 8 in Neftchala and Lankaran, with "
            "841 people arrested. Later official statements give 147 killed."
        ),
        "description_ru": (
            "Цифры в источниках расходятся. По статье посла, официально убиты 131 человек, 744 тяжело ранены, "
            "4 пропали без вести, около 400 арестованы; после объявления чрезвычайного положения в Баку убиты ещё "
            "21 человек, в Нефтечале и Ленкорани расстреляны 26; по неофициальным подсчётам погибших не меньше "
            "300. Издание «Кровавая память» называет 82 убитых и 20 смертельно раненых до объявления "
            "чрезвычайного положения, ещё 21 убитого в Баку после и 8 — в Нефтечале и Ленкорани; арестованы 841 "
            "человек. В более поздних официальных заявлениях — 147 погибших."
        ),
        "sources": ["ambassador-albania-op-ed", "bloody-memory", "caspianpost-january-20", "wikipedia-black-january"],
    },
    {
        "key": "1990-01-21-aliyev-moscow-statement",
        "date": "1990-01-21",
        "place": "moskva-daimi-numayendelik",
        "title_az": "Heydər Əliyevin Moskvada, Azərbaycanın daimi nümayəndəliyində bəyanatı",
        "title_en": "Heydar Aliyev's statement at Azerbaijan's Permanent Representation in Moscow",
        "title_ru": "Заявление Гейдара Алиева в Постоянном представительстве Азербайджана в Москве",
        "description_az": (
            "Həmin vaxt təqaüddə olan keçmiş rəhbər Heydər Əliyev nümayəndəliyə gələrək xalqa başsağlığı verdi, "
            "baş verənləri qanunsuz, demokratiyaya zidd və humanizm prinsiplərinə yad adlandırdı və günahkarların "
            "cəzalandırılmasını tələb etdi. Xarici İşlər Nazirliyi bu çıxışı informasiya blokadasının yarılması "
            "kimi xatırladır."
        ),
        "description_en": (
            "Heydar Aliyev, a former leader of the republic then in retirement, came to the Representation, "
            "offered his condolences to the people of Azerbaijan, called what had been done illegal, hostile to "
            "democracy and contrary to humane principles, and demanded that those responsible be punished. The "
            "Foreign Ministry recalls the statement as breaking the information blockade."
        ),
        "description_ru": (
            "Находившийся тогда на пенсии бывший руководитель республики Гейдар Алиев пришёл в представительство, "
            "выразил соболезнования народу Азербайджана, назвал случившееся незаконным, противоречащим демократии и "
            "принципам гуманизма и потребовал наказать виновных. МИД Азербайджана вспоминает это выступление как "
            "прорыв информационной блокады."
        ),
        "sources": ["aliyev-heritage-speech-1990", "agenzianova-2024-mfa", "ambassador-albania-op-ed"],
    },
    {
        "key": "1990-01-22-supreme-soviet-session",
        "date": "1990-01-22",
        "place": "baki",
        "title_az": "Azərbaycan SSR Ali Sovetinin fövqəladə sessiyası fərmanı təcavüz aktı adlandırır",
        "title_en": (
            "Extraordinary session of the Supreme Soviet of the Azerbaijan SSR calls the decree an act of aggression"
        ),
        "title_ru": "Чрезвычайная сессия Верховного Совета Азербайджанской ССР называет указ актом агрессии",
        "description_az": (
            "Xalqın tələbi və bir qrup deputatın təşəbbüsü ilə çağırılan fövqəladə sessiya 22 yanvar tarixli "
            "qərarında SSRİ Ali Soveti Rəyasət Heyətinin 19 yanvar fərmanını və qoşunların yeridilməsini "
            "Azərbaycana qarşı təcavüz aktı kimi qiymətləndirdi."
        ),
        "description_en": (
            "An extraordinary session, called at the people's demand and on the initiative of a group of deputies, "
            "declared in a resolution of 22 January that the decree of 19 January and the deployment of troops "
            "were an act of aggression."
        ),
        "description_ru": (
            "Чрезвычайная сессия, созванная по требованию народа и по инициативе группы депутатов, в постановлении "
            "от 22 января признала указ от 19 января и ввод войск актом агрессии."
        ),
        "sources": ["wikipedia-black-january", "wikipedia-black-january-early"],
    },
    {
        "key": "1990-01-22-funerals",
        "date": "1990-01-22",
        "place": "sehidler-xiyabani",
        "title_az": "Həlak olanların dəfni",
        "title_en": "The funerals of the dead",
        "title_ru": "Похороны погибших",
        "description_az": (
            "Üçüncü gün, 22 yanvarda, Bakının demək olar ki bütün əhalisi həlak olanları son mənzilə yola saldı. "
            "Yüz minlərlə insan tabutları şəhərin mərkəzindən dənizə baxan dağüstü parka qədər müşayiət etdi; "
            "şəhər qara bayraqlarla örtülmüşdü. Sonrakı 40 gün ərzində insanlar hüzn və etiraz əlaməti olaraq "
            "işə çıxmadılar."
        ),
        "description_en": (
            "On the third day, 22 January, almost the whole of Baku came out to bury the dead. Hundreds of "
            "thousands walked behind the coffins through the city centre to the hilltop park above the sea; the "
            "city was hung with black flags. For forty days afterwards people stayed away from work in mourning "
            "and protest."
        ),
        "description_ru": (
            "На третий день, 22 января, хоронить погибших вышел почти весь Баку. Сотни тысяч людей шли за гробами "
            "через центр города к нагорному парку над морем; город был в чёрных флагах. Ещё сорок дней люди в знак "
            "траура и протеста не выходили на работу."
        ),
        "sources": ["wikipedia-black-january-early", "currenttime-2020"],
    },
    {
        "key": "1990-01-25-neftchala",
        "date": "1990-01-25",
        "place": "neftcala",
        "title_az": "Neftçalada dinc sakinlərin öldürülməsi",
        "title_en": "Civilians killed in Neftchala",
        "title_ru": "Убийства мирных жителей в Нефтечале",
        "description_az": (
            "Fövqəladə vəziyyət elan olunmayan Neftçalada qoşunlar dinc sakinləri öldürdü. Bankə qəsəbəsinin bir "
            "sakini axşam saat yeddi radələrində tankların və zirehli transportyorların küçəyə girib yaşayış "
            "binasını atəşə tutduğunu xatırlayır."
        ),
        "description_en": (
            "In Neftchala, where no state of emergency had been declared, troops killed civilians. A resident of "
            "the settlement of Banka recalls tanks and armoured carriers driving into her street at about seven "
            "in the evening and firing on a block of flats."
        ),
        "description_ru": (
            "В Нефтечале, где чрезвычайное положение не объявлялось, войска убили мирных жителей. Жительница "
            "посёлка Банка вспоминает, как около семи часов вечера на улицу въехали танки и БТР и открыли огонь по "
            "жилому дому."
        ),
        "sources": ["bloody-memory", "caspianpost-january-20", "report-2026-neftchala-witness"],
    },
    {
        "key": "1990-01-26-lankaran",
        "date": "1990-01-26",
        "place": "lenkeran",
        "title_az": "Lənkəranda dinc sakinlərin öldürülməsi",
        "title_en": "Civilians killed in Lankaran",
        "title_ru": "Убийства мирных жителей в Ленкорани",
        "description_az": "Fövqəladə vəziyyət elan olunmayan Lənkəranda qoşunlar dinc sakinləri öldürdü.",
        "description_en": "In Lankaran, where no state of emergency had been declared, troops killed civilians.",
        "description_ru": "В Ленкорани, где чрезвычайное положение не объявлялось, войска убили мирных жителей.",
        "sources": ["bloody-memory", "caspianpost-january-20", "ambassador-albania-op-ed"],
    },
    {
        "key": "1992-01-17-day-of-martyrs",
        "date": "1992-01-17",
        "place": "baki",
        "title_az": "20 Yanvar anım günü elan edilir",
        "title_en": "20 January is declared a day of remembrance",
        "title_ru": "20 января объявлено днём памяти",
        "description_az": (
            "Ali Sovetin Milli Şurası 20 yanvarı “Şəhidlər günü” elan edən qanun qəbul etdi. Bu gün 20 Yanvar "
            "Ümumxalq Hüzn Günü kimi qeyd olunur: qeyri-iş günüdür, saat 12:00-da bütün ölkədə bir dəqiqəlik "
            "sükut olur, gəmilər, avtomobillər və qatarlar səs siqnalı verir."
        ),
        "description_en": (
            "The National Council of the Supreme Soviet adopted a law declaring 20 January a Day of Martyrs. "
            "Today 20 January is kept as the Day of National Mourning (Ümumxalq Hüzn Günü): a day off work, with "
            "a minute's silence across the country at noon while ships, cars and trains sound their horns."
        ),
        "description_ru": (
            "Национальный совет Верховного Совета принял закон, объявивший 20 января Днём шехидов. Сегодня "
            "20 января отмечается как День всенародной скорби: нерабочий день, в полдень по всей стране минута "
            "молчания, гудят корабли, машины и поезда."
        ),
        "sources": ["aliyev-heritage-background-1994", "olke-20-yanvar", "report-2026-minute-of-silence"],
    },
    {
        "key": "1994-03-milli-majlis-assessment",
        "date": "1994-03",
        "place": "baki",
        "title_az": "Milli Məclis 20 Yanvar faciəsinə siyasi-hüquqi qiymət verir",
        "title_en": "The Milli Majlis gives its political and legal assessment of 20 January",
        "title_ru": "Милли Меджлис даёт политико-правовую оценку событиям 20 января",
        "description_az": (
            "1994-cü ilin fevralında keçirilən növbədənkənar sessiyadan sonra Milli Məclis martda “1990-cı il "
            "yanvarın 20-də Bakıda törədilmiş faciəli hadisələr haqqında” qərar qəbul etdi. Hadisələrə ilk dəfə "
            "tam siyasi-hüquqi qiymət verildi: dinc insanların qətli hərbi təcavüz və cinayət kimi tövsif olundu."
        ),
        "description_en": (
            "After an extraordinary session in February 1994, the Milli Majlis (parliament) adopted in March a "
            "decision on the tragic events committed in Baku on 20 January 1990. It was the first full political "
            "and legal assessment of the events, qualifying the killing of civilians as military aggression and a "
            "crime."
        ),
        "description_ru": (
            "После чрезвычайной сессии в феврале 1994 года Милли Меджлис в марте принял постановление о "
            "трагических событиях, совершённых в Баку 20 января 1990 года. Это была первая полная "
            "политико-правовая оценка событий: убийство мирных людей квалифицировано как военная агрессия и "
            "преступление."
        ),
        "sources": ["agenzianova-2024-mfa", "aliyev-heritage-background-1994", "wikipedia-black-january-early"],
    },
    {
        "key": "1999-12-16-title-of-martyr",
        "date": "1999-12-16",
        "place": "baki",
        "title_az": "Həlak olanlara “20 Yanvar şəhidi” adı verilir",
        "title_en": "The dead are given the title “Martyr of 20 January”",
        "title_ru": "Погибшим присвоено звание «Шехид 20 Января»",
        "description_az": (
            "Prezidentin 16 dekabr 1999-cu il fərmanları ilə faciənin bütün qurbanlarına “20 Yanvar "
            "şəhidi” adı verildi."
        ),
        "description_en": (
            "By presidential decrees of 16 December 1999 all those killed were given the title “Martyr of 20 January”."
        ),
        "description_ru": (
            "Указами президента от 16 декабря 1999 года всем погибшим присвоено звание «Шехид 20 Января»."
        ),
        "sources": ["wikipedia-black-january-early"],
    },
]


PLACE_TEXT_FIELDS = (
    "kind",
    "name_az",
    "name_en",
    "name_ru",
    "historical_names",
    "description_az",
    "description_en",
    "description_ru",
)
EVENT_TEXT_FIELDS = ("date", "title_az", "title_en", "title_ru", "description_az", "description_en", "description_ru")


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class HistoryResult:
    sources: LoadCounts
    places: LoadCounts
    events: LoadCounts


def _upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any], on_create: dict[str, Any] | None = None
) -> tuple[models.Model, str]:
    """Create or update one row, saving only when something differs so reruns add no history entries."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(on_create or {}))
        instance._change_reason = "load_history"
        instance.save()
        return instance, "created"
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return instance, "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance._change_reason = "load_history"
    instance.save()
    return instance, "updated"


def _set_sources(instance: models.Model, keys: list[str], by_key: dict[str, Source]) -> bool:
    wanted = {by_key[key].pk for key in keys}
    current = set(instance.sources.values_list("pk", flat=True))
    if wanted == current:
        return False
    instance.sources.set(wanted)
    return True


@transaction.atomic
def load_history() -> HistoryResult:
    """Load or refresh the real sources, places and events; safe to run any number of times."""
    result = HistoryResult(LoadCounts(), LoadCounts(), LoadCounts())
    by_key: dict[str, Source] = {}
    for entry in SOURCES:
        values = {field: entry.get(field, "") for field in ("author", "title", "publisher", "date", "url", "note")}
        values["accessed"] = ACCESSED
        source, outcome = _upsert(Source, {"key": entry["key"]}, values)
        by_key[source.key] = source
        result.sources.add(outcome)

    places: dict[str, Place] = {}
    for entry in PLACES:
        values = {field: entry.get(field, "") for field in PLACE_TEXT_FIELDS}
        values.update(
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
            parent=places[entry["parent"]] if entry.get("parent") else None,
        )
        place, outcome = _upsert(Place, {"slug": entry["slug"]}, values)
        if _set_sources(place, entry.get("sources", []), by_key) and outcome == "unchanged":
            outcome = "updated"
        places[place.slug] = place
        result.places.add(outcome)

    for entry in EVENTS:
        values = {field: entry.get(field, "") for field in EVENT_TEXT_FIELDS}
        values.update(time=entry.get("time"), place=places[entry["place"]] if entry.get("place") else None)
        values["status"] = Status.PUBLISHED
        event, outcome = _upsert(Event, {"key": entry["key"]}, values, on_create={"published_at": timezone.now()})
        if _set_sources(event, entry["sources"], by_key) and outcome == "unchanged":
            outcome = "updated"
        result.events.add(outcome)
    return result
