"""an event's English title is optional (pages fall back to the French one)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 07:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('title_en', existing_type=sa.String(length=300), nullable=True)


def downgrade():
    op.execute("UPDATE event SET title_en = title_fr WHERE title_en IS NULL OR title_en = ''")
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('title_en', existing_type=sa.String(length=300), nullable=False)
