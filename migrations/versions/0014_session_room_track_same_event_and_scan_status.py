"""a session's room and track belong to its event (composite keys); a scan's status is a known verdict

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 11:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# As in app.checkin.models.SCAN_STATUSES when this migration was written.
SCAN_STATUSES = ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'unknown', 'cancelled', 'not_confirmed',
                 'superseded', 'not_event_day')


def _refuse_mixed_events(table):
    """Stop, naming the sessions, if a session points at another event's room or track (nothing is changed)."""
    rows = op.get_bind().execute(sa.text(
        f'SELECT s.id FROM programme_session s JOIN {table} t ON t.id = s.{table}_id '
        'WHERE t.event_id <> s.event_id ORDER BY s.id')).scalars().all()
    if rows:
        raise RuntimeError(f'sessions with another event\'s {table}: {rows}; fix them, then upgrade again')


def upgrade():
    _refuse_mixed_events('room')
    _refuse_mixed_events('track')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_room_id_event_id'), ['id', 'event_id'])

    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_track_id_event_id'), ['id', 'event_id'])

    with op.batch_alter_table('programme_session', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_programme_session_room_id_event_id_room', 'room',
                                    ['room_id', 'event_id'], ['id', 'event_id'], deferrable=True, initially='DEFERRED')
        batch_op.create_foreign_key('fk_programme_session_track_id_event_id_track', 'track',
                                    ['track_id', 'event_id'], ['id', 'event_id'], deferrable=True, initially='DEFERRED')

    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f('ck_scan_status_known'), sa.column('status').in_(SCAN_STATUSES))


def downgrade():
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_scan_status_known'), type_='check')

    with op.batch_alter_table('programme_session', schema=None) as batch_op:
        batch_op.drop_constraint('fk_programme_session_track_id_event_id_track', type_='foreignkey')
        batch_op.drop_constraint('fk_programme_session_room_id_event_id_room', type_='foreignkey')

    with op.batch_alter_table('track', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_track_id_event_id'), type_='unique')

    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_room_id_event_id'), type_='unique')
