from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp

from app.checkin.operations import MAX_DESK_LENGTH


class DeskTokenForm(FlaskForm):
    desk = StringField(_l("Desk"), validators=[
        DataRequired(), Length(max=MAX_DESK_LENGTH),
        Regexp(r"^[\w .-]+$", message=_l("Letters, digits, spaces, dots and dashes only."))],
        description=_l('e.g. "B" or "Entrance 2"'))
    valid_until = DateField(_l("Valid until"), validators=[Optional()],
                            description=_l("The token stops working at the end of that day (event's time). "
                                           "Leave empty: a day after the event ends."))


class DeskAccountForm(FlaskForm):
    """Tie a desk account to the event (by its email), or untie one (``untie``: its id)."""

    email = EmailField(_l("Email of the desk account"), validators=[Optional(), Email(), Length(max=254)])
    untie = HiddenField()
