"""mail: opt-out and hard bounces (suppressions), bounce reports, streams (pause, rate), bulk flag, status suppressed

Revision ID: 0016_mail_optout_bounces
Revises: 0015
Create Date: 2026-12-03 13:18:58.493630

"""
import sqlalchemy as sa
from alembic import op

OLD_STATUSES = "'pending', 'sending', 'sent', 'failed'"
NEW_STATUSES = "'pending', 'sending', 'sent', 'failed', 'suppressed'"


# revision identifiers, used by Alembic.
revision = '0016_mail_optout_bounces'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_stream',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('paused', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('rate_per_minute', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rate_per_minute IS NULL OR rate_per_minute > 0', name=op.f('ck_mail_stream_rate_positive')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_mail_stream'))
    )
    op.create_table('mail_suppression',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('opted_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('hard_bounced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('soft_bounces', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_bounce_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_bounce_status', sa.String(length=16), nullable=True),
    sa.Column('last_bounce_diagnostic', sa.String(length=500), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_suppression')),
    sa.UniqueConstraint('address', name=op.f('uq_mail_suppression_address'))
    )
    op.create_table('mail_bounce',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('diagnostic', sa.String(length=500), nullable=True),
    sa.CheckConstraint("kind IN ('hard', 'soft')", name=op.f('ck_mail_bounce_kind')),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_mail_bounce_outbox_message_id_outbox_message'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_bounce')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_mail_bounce_fingerprint'))
    )
    with op.batch_alter_table('mail_bounce', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mail_bounce_address'), ['address'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_bounce_outbox_message_id'), ['outbox_message_id'], unique=False)

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bulk', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('stream', sa.String(length=100), nullable=True))
        batch_op.drop_constraint(op.f('ck_outbox_message_outbox_status'), type_='check')
        batch_op.alter_column('status', existing_type=sa.String(length=7), type_=sa.String(length=10),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_outbox_message_outbox_status'), f"status IN ({NEW_STATUSES})")
        batch_op.create_index('ix_outbox_message_stream_status', ['stream', 'status'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_stream_status')
        batch_op.drop_constraint(op.f('ck_outbox_message_outbox_status'), type_='check')
    op.execute("DELETE FROM outbox_message WHERE status = 'suppressed'")
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=10), type_=sa.String(length=7),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_outbox_message_outbox_status'), f"status IN ({OLD_STATUSES})")
        batch_op.drop_column('stream')
        batch_op.drop_column('bulk')

    with op.batch_alter_table('mail_bounce', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_bounce_outbox_message_id'))
        batch_op.drop_index(batch_op.f('ix_mail_bounce_address'))

    op.drop_table('mail_bounce')
    op.drop_table('mail_suppression')
    op.drop_table('mail_stream')
