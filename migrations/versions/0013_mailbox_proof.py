"""mailbox proof: pending claims, email confirmation, claimed collectivités

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 08:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_pending_claim_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_claim')),
    sa.UniqueConstraint('event_id', 'email', 'kind', name=op.f('uq_pending_claim_event_id_email_kind')),
    sa.UniqueConstraint('token', name=op.f('uq_pending_claim_token'))
    )
    with op.batch_alter_table('pending_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_claim_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_claim_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('created_person', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('collectivite_claimed', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('collectivite_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_access_request_collectivite_id_collectivite'), 'collectivite',
                                    ['collectivite_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('access_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_access_request_collectivite_id_collectivite'), type_='foreignkey')
        batch_op.drop_column('collectivite_id')

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('collectivite_claimed')

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_column('created_person')
        batch_op.drop_column('email_confirmed_at')

    with op.batch_alter_table('pending_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_claim_event_id'))
        batch_op.drop_index(batch_op.f('ix_pending_claim_email'))

    op.drop_table('pending_claim')
