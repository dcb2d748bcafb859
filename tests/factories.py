"""Factories for every archive model. Test data is built in the test; these only fill the rest."""

import factory
from django.contrib.auth import get_user_model

from archive.models import Document, Event, NameVariant, Place, Source, Status, Subject, Testimony, Victim


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    slug = factory.Sequence(lambda n: f"subject-{n}")
    name_az = factory.Sequence(lambda n: f"Mövzu {n}")
    name_en = factory.Sequence(lambda n: f"Subject {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    slug = factory.Sequence(lambda n: f"place-{n}")
    name_az = factory.Sequence(lambda n: f"Yer {n}")
    name_en = factory.Sequence(lambda n: f"Place {n}")
    name_ru = factory.Sequence(lambda n: f"Место {n}")


class VictimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Victim

    surname_az = "Sınaqov"
    given_name_az = factory.Sequence(lambda n: f"Ad{n}")
    surname_ru = "Сынагов"
    status = Status.PUBLISHED
    fate = Victim.Fate.KILLED
    death_date = "1990-01-20"


class NameVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NameVariant

    victim = factory.SubFactory(VictimFactory)
    name = factory.Sequence(lambda n: f"Variant {n}")


class TestimonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimony

    title = factory.Sequence(lambda n: f"Testimony {n}")
    narrator_name = "Narrator"
    narrator_consent = Testimony.Consent.NAMED
    status = Status.PUBLISHED
    languages = factory.LazyFunction(lambda: ["az"])
    transcript = "The transcript."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document {n}")
    kind = Document.Kind.LETTER
    status = Status.PUBLISHED


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_az = factory.Sequence(lambda n: f"Hadisə {n}")
    date = "1990-01-20"
    status = Status.PUBLISHED
