"""outbox attachments rendered when sent: what to render (render = qr, badge, agenda) instead of the bytes

Revision ID: c2a3b4c5d6e7
Revises: 7b8c9d0e1f2a
Create Date: 2026-12-01 15:40:00.000000

Rows queued before keep their bytes (render is NULL) and are sent and shown as they were.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c2a3b4c5d6e7'
down_revision = '7b8c9d0e1f2a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('render', sa.String(length=16), nullable=True))
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=True)


def downgrade():
    # A row that holds only what to render has no bytes to keep: it goes (its message stays).
    op.execute("DELETE FROM outbox_attachments WHERE data IS NULL")
    with op.batch_alter_table('outbox_attachments', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.LargeBinary(), nullable=False)
        batch_op.drop_column('render')
