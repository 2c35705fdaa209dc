"""deleted contacts and saved audiences (set aside, restorable)

Revision ID: 0022_contacts_deleted
Revises: 0021_meetings
Create Date: 2026-12-03 16:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_contacts_deleted'
down_revision = "0021_meetings"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('saved_audience', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('saved_audience', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
