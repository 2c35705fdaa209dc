"""registration: approval per event; self-service token, language, needs and consent per registration

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 03:26:54.462577

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requires_approval', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('requires_approval', server_default=None)

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('manage_token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=False, server_default='fr'))
        batch_op.add_column(sa.Column('interpretation_needs', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('dietary_needs', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('accessibility_needs', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True))

    # Existing registrations each get their own random self-service token.
    connection = op.get_bind()
    registration = sa.table('registration', sa.column('id', sa.Integer), sa.column('manage_token', sa.String))
    for (registration_id,) in connection.execute(sa.select(registration.c.id)).all():
        connection.execute(registration.update().where(registration.c.id == registration_id)
                           .values(manage_token=secrets.token_urlsafe(32)))

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.alter_column('manage_token', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('language', server_default=None)
        batch_op.create_unique_constraint(batch_op.f('uq_registration_manage_token'), ['manage_token'])


def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_registration_manage_token'), type_='unique')
        batch_op.drop_column('consent_at')
        batch_op.drop_column('accessibility_needs')
        batch_op.drop_column('dietary_needs')
        batch_op.drop_column('interpretation_needs')
        batch_op.drop_column('language')
        batch_op.drop_column('manage_token')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('requires_approval')
