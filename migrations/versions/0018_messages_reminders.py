"""registrant messages (kept with their recipients) and reminder rules per event

(Revision id "0018_messages_reminders": the brief's "0018_registrant_messages_reminders" is 34 characters, longer than
alembic_version.version_num, VARCHAR(32) on PostgreSQL.)

Revision ID: 0018_messages_reminders
Revises: 0017_contacts_campaigns
Create Date: 2026-12-03 13:19:05.232754

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_messages_reminders'
down_revision = '0017_contacts_campaigns'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('minutes_before', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('with_agenda', sa.Boolean(), nullable=False),
    sa.Column('with_join_link', sa.Boolean(), nullable=False),
    sa.Column('practical_fr', sa.Text(), nullable=False),
    sa.Column('practical_en', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes_before > 0 AND minutes_before <= 86400', name=op.f('ck_reminder_rule_reminder_minutes_in_range')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_reminder_rule_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_rule')),
    sa.UniqueConstraint('event_id', 'minutes_before', name='uq_reminder_rule_event_minutes')
    )
    with op.batch_alter_table('reminder_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_rule_event_id'), ['event_id'], unique=False)

    op.create_table('registrant_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('general', 'session_change', name='registrant_message_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('sender', sa.Enum('organiser', 'head_of_delegation', name='registrant_message_sender', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('sent_by', sa.String(length=254), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('reason_fr', sa.String(length=500), nullable=False),
    sa.Column('reason_en', sa.String(length=500), nullable=False),
    sa.Column('subject_fr', sa.String(length=300), nullable=False),
    sa.Column('body_fr', sa.Text(), nullable=False),
    sa.Column('subject_en', sa.String(length=300), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('recipients_count', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sender <> 'head_of_delegation' OR delegation_id IS NOT NULL", name=op.f('ck_registrant_message_head_message_has_delegation')),
    sa.CheckConstraint('recipients_count >= 0', name=op.f('ck_registrant_message_recipients_count_not_negative')),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegation.id'], name=op.f('fk_registrant_message_delegation_id_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_registrant_message_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_registrant_message_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrant_message'))
    )
    with op.batch_alter_table('registrant_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrant_message_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registrant_message_event_id'), ['event_id'], unique=False)

    op.create_table('registrant_message_recipient',
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['message_id'], ['registrant_message.id'], name=op.f('fk_registrant_message_recipient_message_id_registrant_message'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_message.id'], name=op.f('fk_registrant_message_recipient_outbox_message_id_outbox_message'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registrant_message_recipient_registration_id_registration'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('message_id', 'registration_id', name=op.f('pk_registrant_message_recipient'))
    )
    with op.batch_alter_table('registrant_message_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrant_message_recipient_registration_id'), ['registration_id'], unique=False)



def downgrade():
    with op.batch_alter_table('registrant_message_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrant_message_recipient_registration_id'))

    op.drop_table('registrant_message_recipient')
    with op.batch_alter_table('registrant_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registrant_message_event_id'))
        batch_op.drop_index(batch_op.f('ix_registrant_message_delegation_id'))

    op.drop_table('registrant_message')
    with op.batch_alter_table('reminder_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_rule_event_id'))

    op.drop_table('reminder_rule')
