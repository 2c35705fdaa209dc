"""contacts, saved audiences, invitation campaigns and invitations (issue 17)

Revision ID: 0017_contacts_campaigns
Revises: 0016_mail_optout_bounces
Create Date: 2026-12-03 13:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_contacts_campaigns'
down_revision = '0016_mail_optout_bounces'  # 0015 in the brief; chained after the merged mail branch
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('given_name', sa.String(length=120), nullable=False),
        sa.Column('family_name', sa.String(length=120), nullable=False),
        sa.Column('honorific', sa.String(length=40), nullable=True),
        sa.Column('function', sa.String(length=300), nullable=True),
        sa.Column('collectivite_id', sa.Integer(), nullable=True),
        sa.Column('collectivite_name', sa.String(length=200), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=True),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('is_member', sa.Boolean(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("email <> ''", name=op.f('ck_contact_email_not_empty')),
        sa.CheckConstraint("language IN ('fr', 'en')", name=op.f('ck_contact_language')),
        sa.ForeignKeyConstraint(['collectivite_id'], ['collectivite.id'], name=op.f('fk_contact_collectivite_id_collectivite'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_contact_person_id_person'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
        sa.UniqueConstraint('email', name=op.f('uq_contact_email')),
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_collectivite_id'), ['collectivite_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_person_id'), ['person_id'], unique=False)

    op.create_table(
        'saved_audience',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('definition', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_audience')),
        sa.UniqueConstraint('name', name=op.f('uq_saved_audience_name')),
    )

    op.create_table(
        'campaign',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('audience', sa.JSON(), nullable=False),
        sa.Column('audience_label', sa.String(length=300), nullable=False),
        sa.Column('subject_fr', sa.String(length=300), nullable=False),
        sa.Column('body_fr', sa.Text(), nullable=False),
        sa.Column('subject_en', sa.String(length=300), nullable=False),
        sa.Column('body_en', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('draft', 'scheduled', 'queued', name='campaign_status', native_enum=False,
                                    create_constraint=True, length=9), nullable=False),
        sa.Column('scheduled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_campaign_event_id_event'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_event_id'), ['event_id'], unique=False)

    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('campaign_id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('outbox_message_id', sa.Integer(), nullable=True),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('via', sa.String(length=10), nullable=True),
        sa.Column('registered_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("via IS NULL OR via IN ('link', 'address')", name=op.f('ck_invitation_via')),
        sa.CheckConstraint('(registration_id IS NULL) = (via IS NULL)', name=op.f('ck_invitation_registration_via')),
        sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_invitation_campaign_id_campaign'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_invitation_contact_id_contact'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registration.id'],
                                name=op.f('fk_invitation_registration_id_registration'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
        sa.UniqueConstraint('campaign_id', 'contact_id', name=op.f('uq_invitation_campaign_id_contact_id')),
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_registration_id'), ['registration_id'], unique=False)


def downgrade():
    op.drop_table('invitation')
    op.drop_table('campaign')
    op.drop_table('saved_audience')
    op.drop_table('contact')
