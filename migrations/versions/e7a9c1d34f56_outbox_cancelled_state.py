"""outbox: a cancelled state (mail to a person whose data was erased is never sent)

Revision ID: e7a9c1d34f56
Revises: b4d6f8a01c23
Create Date: 2026-12-01 09:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e7a9c1d34f56'
down_revision = 'b4d6f8a01c23'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_status_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_status_known'),
                                         "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')")


def downgrade():
    # A cancelled message was never sent; before this state existed that was called failed.
    op.execute("UPDATE outbox_messages SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_status_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_status_known'),
                                         "status IN ('pending', 'sending', 'sent', 'failed')")
