"""Forms of the public submission pages, the family's status page and the review page. Fields are listed
explicitly.

One module per area, as the views: ``people`` (whom a testimony is about: the first person, the other people's
rows, a person added later), ``public`` (the submission form, its files and the consent), ``status`` (the family's
status page and a lost status link), ``review`` (what staff do). Callers use ``from submissions.forms import ...``:
the package re-exports every public name.
"""

from submissions.forms.people import (
    OTHER_PEOPLE_SLOTS,
    PERSON_FIELDS,
    BaseOtherPeopleFormSet,
    OtherPersonForm,
    PersonForm,
    VictimField,
    other_people_formset,
)
from submissions.forms.public import (
    FILE_SLOTS,
    NEED_CONTACT,
    NEED_PERSON,
    NEED_PSEUDONYM,
    NEED_TESTIMONY,
    BaseFileSlotFormSet,
    ConsentFields,
    FileSlotForm,
    SubmissionForm,
    file_formset,
)
from submissions.forms.review import (
    AcceptForm,
    ActionForm,
    AssignForm,
    DeclineForm,
    LinkVictimForm,
    NoteForm,
    QuestionForm,
    SpamForm,
)
from submissions.forms.status import (
    AddPersonForm,
    AnswerForm,
    FamilyConsentForm,
    LinkCodeForm,
    LostLinkForm,
    LostLinkTextForm,
    WithdrawForm,
)

__all__ = [
    "FILE_SLOTS",
    "NEED_CONTACT",
    "NEED_PERSON",
    "NEED_PSEUDONYM",
    "NEED_TESTIMONY",
    "OTHER_PEOPLE_SLOTS",
    "PERSON_FIELDS",
    "AcceptForm",
    "ActionForm",
    "AddPersonForm",
    "AnswerForm",
    "AssignForm",
    "BaseFileSlotFormSet",
    "BaseOtherPeopleFormSet",
    "ConsentFields",
    "DeclineForm",
    "FamilyConsentForm",
    "FileSlotForm",
    "LinkCodeForm",
    "LinkVictimForm",
    "LostLinkForm",
    "LostLinkTextForm",
    "NoteForm",
    "OtherPersonForm",
    "PersonForm",
    "QuestionForm",
    "SpamForm",
    "SubmissionForm",
    "VictimField",
    "WithdrawForm",
    "file_formset",
    "other_people_formset",
]
