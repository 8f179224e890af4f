"""Privacy: who may see what of a child or a parent (:mod:`.rule`), the choices parents make
(:mod:`.settings`), building the rule's inputs from storage (:mod:`.subjects`) and a parent's
own data export (:mod:`.export`)."""

from deborg.domain.privacy.rule import (
    CHOOSABLE_FIELDS,
    Audience,
    Field,
    PrivacySettings,
    Subject,
    SubjectKind,
    Viewer,
    ViewerKind,
    may_see,
    may_see_photo,
    visible_fields,
)

__all__ = [
    "CHOOSABLE_FIELDS",
    "Audience",
    "Field",
    "PrivacySettings",
    "Subject",
    "SubjectKind",
    "Viewer",
    "ViewerKind",
    "may_see",
    "may_see_photo",
    "visible_fields",
]
