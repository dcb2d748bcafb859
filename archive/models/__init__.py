from archive.models.document_index import DocumentIndexPoint
from archive.models.jobs import FailedTask
from archive.models.media import MediaFile, Processing
from archive.models.oralhistory import IndexHyperlink, IndexPoint, SegmentTranslation, TranscriptSegment
from archive.models.publication import (
    Access,
    IdentifierCounter,
    RecordDeletionRefused,
    Status,
    allocate_identifier,
    parse_identifier,
)
from archive.models.records import (
    Document,
    NameVariant,
    Rights,
    Testimony,
    Victim,
    VictimStatus,
)
from archive.models.reference import Event, Place, Source, Subject
from archive.models.versions import ContentVersion

__all__ = [
    "Access",
    "ContentVersion",
    "Document",
    "DocumentIndexPoint",
    "Event",
    "FailedTask",
    "IdentifierCounter",
    "IndexHyperlink",
    "IndexPoint",
    "MediaFile",
    "NameVariant",
    "Place",
    "Processing",
    "RecordDeletionRefused",
    "Rights",
    "SegmentTranslation",
    "Source",
    "Status",
    "Subject",
    "Testimony",
    "TranscriptSegment",
    "Victim",
    "VictimStatus",
    "allocate_identifier",
    "parse_identifier",
]
