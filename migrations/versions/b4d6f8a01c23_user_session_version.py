"""users.session_version: ending every session of a user (logout, password change, log out everywhere)

Revision ID: b4d6f8a01c23
Revises: fc487198c809
Create Date: 2026-12-01 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d6f8a01c23'
down_revision = 'fc487198c809'
branch_labels = None
depends_on = None


def upgrade():
    # Existing users start at 1; cookies issued before this carry a bare user id and are refused
    # (everyone signs in once more after the upgrade).
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
