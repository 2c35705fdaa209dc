"""desk tokens expire, desk accounts tied to events, scan nonces per desk; rooms and tracks have updated_at

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 08:00:00

"""
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    # Rooms and tracks: when they were last changed (calendar feeds' Last-Modified); existing rows: now.
    now = datetime.now(UTC)
    for table in ('room', 'track'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        op.execute(sa.table(table, sa.column('updated_at', sa.DateTime(timezone=True))).update().values(updated_at=now))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('updated_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    op.create_table('desk_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_desk_assignment_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_desk_assignment_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_assignment')),
    sa.UniqueConstraint('user_id', 'event_id', name=op.f('uq_desk_assignment_user_id_event_id'))
    )
    with op.batch_alter_table('desk_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_assignment_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_assignment_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('desk_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    # Existing tokens expire a day after their event's end (they never expired before).
    connection = op.get_bind()
    desk_token = sa.table('desk_token', sa.column('id', sa.Integer), sa.column('event_id', sa.Integer),
                          sa.column('expires_at', sa.DateTime(timezone=True)))
    event = sa.table('event', sa.column('id', sa.Integer), sa.column('ends_at', sa.DateTime(timezone=True)))
    rows = connection.execute(sa.select(desk_token.c.id, event.c.ends_at)
                              .join(event, event.c.id == desk_token.c.event_id)).all()
    for token_id, ends_at in rows:
        if isinstance(ends_at, str):  # SQLite without the model's type decorator
            ends_at = datetime.fromisoformat(ends_at)
        connection.execute(sa.update(desk_token).where(desk_token.c.id == token_id)
                           .values(expires_at=ends_at + timedelta(days=1)))
    with op.batch_alter_table('desk_token', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)

    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fingerprint', sa.String(length=64), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_scan_event_id_nonce'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_scan_event_id_desk_nonce'), ['event_id', 'desk', 'nonce'])


def downgrade():
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_scan_event_id_desk_nonce'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_scan_event_id_nonce'), ['event_id', 'nonce'])
        batch_op.drop_column('fingerprint')
    with op.batch_alter_table('desk_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('desk_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_assignment_user_id'))
        batch_op.drop_index(batch_op.f('ix_desk_assignment_event_id'))
    op.drop_table('desk_assignment')
    for table in ('track', 'room'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('updated_at')
