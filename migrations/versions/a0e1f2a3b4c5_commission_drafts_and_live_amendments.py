"""commission drafts (rumusan items with their commission, not yet in a topic) and live amendments
(proposals from a delegate's personal link)

Revision ID: a0e1f2a3b4c5
Revises: 3c4d5e6f7182
Create Date: 2026-12-01 15:10:00.000000

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = 'a0e1f2a3b4c5'
down_revision = '3c4d5e6f7182'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('rumusan_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commission_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('taken_at', raker.models.types.UTCDateTime(), nullable=True))
        batch_op.alter_column('topic_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_rumusan_items_commission_id'), ['commission_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_rumusan_items_commission_id_commissions'), 'commissions',
                                    ['commission_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('rumusan_proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_rumusan_proposals_registration_id_registrations'), 'registrations',
                                    ['registration_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('rumusan_proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rumusan_proposals_registration_id_registrations'), type_='foreignkey')
        batch_op.drop_column('registration_id')
    op.execute("DELETE FROM rumusan_items WHERE topic_id IS NULL")
    with op.batch_alter_table('rumusan_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rumusan_items_commission_id_commissions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_rumusan_items_commission_id'))
        batch_op.alter_column('topic_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('taken_at')
        batch_op.drop_column('commission_id')
