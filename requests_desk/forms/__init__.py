from requests_desk.forms.public import AccessRequestForm, CorrectionForm
from requests_desk.forms.review import (
    AccessDeclineForm,
    ActionForm,
    ApplyForm,
    AssignForm,
    DeclineForm,
    GrantForm,
    NoteForm,
    RevokeForm,
)

__all__ = [
    "AccessDeclineForm",
    "AccessRequestForm",
    "ActionForm",
    "ApplyForm",
    "AssignForm",
    "CorrectionForm",
    "DeclineForm",
    "GrantForm",
    "NoteForm",
    "RevokeForm",
]
