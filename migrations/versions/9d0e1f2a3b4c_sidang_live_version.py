"""sidang: a change counter for the plenary's live state (server-sent events and ETags follow it)

Revision ID: 9d0e1f2a3b4c
Revises: a0e1f2a3b4c5
Create Date: 2026-12-01 15:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d0e1f2a3b4c'
down_revision = 'a0e1f2a3b4c5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sidang_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('sidang_settings', schema=None) as batch_op:
        batch_op.drop_column('live_version')
