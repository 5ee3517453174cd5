"""keputusan tembusan: the SK panitia's and the SK tim perumus's copies-to list, printed after the signature

Revision ID: b1f2a3b4c5d6
Revises: 9d0e1f2a3b4c
Create Date: 2026-12-01 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1f2a3b4c5d6'
down_revision = '9d0e1f2a3b4c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('committee_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('panitia_tembusan', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('perumus_tembusan', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('committee_settings', schema=None) as batch_op:
        batch_op.drop_column('perumus_tembusan')
        batch_op.drop_column('panitia_tembusan')
