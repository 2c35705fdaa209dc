from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.checkin.operations import MAX_DESK_LENGTH


class DeskTokenForm(FlaskForm):
    desk = StringField(_l("Desk"), validators=[
        DataRequired(), Length(max=MAX_DESK_LENGTH),
        Regexp(r"^[\w .-]+$", message=_l("Letters, digits, spaces, dots and dashes only."))],
        description=_l('e.g. "B" or "Entrance 2"'))
