"""Organisers' forms for rooms, tracks, sessions and speakers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TimeField, URLField
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.core.forms import TextAreaField
from app.core.labels import label
from app.core.text import SLUG_PATTERN
from app.core.validators import no_control_characters, reasonable_date
from app.programme.models import SessionType, SpeakerRole, TrackKind

LANGUAGE_LIST = r"^\s*([a-z]{2}\s*(,\s*[a-z]{2}\s*)*)?$"


def split_languages(value: str | None) -> list[str]:
    return [code.strip() for code in (value or "").split(",") if code.strip()]


class RoomForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_control_characters])
    capacity = IntegerField(_l("Seats"), validators=[Optional(), NumberRange(min=0, max=100000)])


class TrackForm(FlaskForm):
    slug = StringField(_l("Short name (in URLs)"), validators=[
        DataRequired(), Length(max=80), Regexp(SLUG_PATTERN, message=_l("Lower-case letters, digits and dashes."))])
    kind = SelectField(_l("Kind"))
    name_fr = StringField(_l("Name (French)"), validators=[DataRequired(), Length(max=120), no_control_characters])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=120), no_control_characters])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [(kind.value, label(kind)) for kind in TrackKind]


class SessionForm(FlaskForm):
    type = SelectField(_l("Type"))
    title_fr = StringField(_l("Title (French)"), validators=[DataRequired(), Length(max=300), no_control_characters])
    title_en = StringField(_l("Title (English)"), validators=[Optional(), Length(max=300), no_control_characters])
    description_fr = TextAreaField(_l("Description (French)"), validators=[Optional(), Length(max=5000), no_control_characters])
    description_en = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000), no_control_characters])
    day = DateField(_l("Day"), validators=[DataRequired(), reasonable_date])
    start_time = TimeField(_l("Starts at"), validators=[DataRequired()])
    end_time = TimeField(_l("Ends at"), validators=[DataRequired()])
    room_id = SelectField(_l("Room"), coerce=int)
    track_id = SelectField(_l("Track"), coerce=int)
    capacity = IntegerField(_l("Capacity"), validators=[Optional(), NumberRange(min=0, max=100000)])
    languages = StringField(_l("Languages (codes, comma-separated)"), validators=[
        Optional(), Length(max=60), Regexp(LANGUAGE_LIST, message=_l("Two-letter codes separated by commas, e.g. fr, en."))])
    interpretation = StringField(_l("Interpretation into (codes)"), validators=[
        Optional(), Length(max=60), Regexp(LANGUAGE_LIST, message=_l("Two-letter codes separated by commas, e.g. fr, en."))])
    is_hidden = BooleanField(_l("Hidden from the public until ready"))
    online_url = URLField(_l("Online meeting link (never public)"), validators=[Optional(), URL(), Length(max=500)])
    override_reason = TextAreaField(_l("Reason for keeping this despite the conflicts"),
                                    validators=[Optional(), Length(max=500), no_control_characters])

    def __init__(self, rooms, tracks, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = [(kind.value, label(kind)) for kind in SessionType]
        self.room_id.choices = [(0, "—")] + [(room.id, room.name) for room in rooms]
        self.track_id.choices = [(0, "—")] + [(track.id, track.name_fr) for track in tracks]

    def validate_end_time(self, field) -> None:
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError(_l("The session must end after it starts."))


class SpeakerAddForm(FlaskForm):
    person_id = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,12}$")])
    role = SelectField(_l("Role"))
    override_reason = StringField(_l("Reason, if this creates a conflict"),
                                  validators=[Optional(), Length(max=500), no_control_characters])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(role.value, label(role)) for role in SpeakerRole]


class RestoreSessionForm(FlaskForm):
    """The buttons of a session (cancel, restore, hide, show); a reason when restoring despite a conflict."""

    override_reason = TextAreaField(_l("Reason for restoring it despite the conflicts"),
                                    validators=[Optional(), Length(max=500), no_control_characters])


class RestoreSpeakerForm(FlaskForm):
    """Put back a removed speaker: the removal is named by its audit line."""

    entry_id = HiddenField(validators=[DataRequired(), Regexp(r"^\d{1,12}$")])
    override_reason = StringField(_l("Reason, if this creates a conflict"),
                                  validators=[Optional(), Length(max=500), no_control_characters])
