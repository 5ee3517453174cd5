"""letter register: the serial of each letter numbered one by one

Revision ID: f1a2b3c4d5e6
Revises: e4c5d6e7f809
Create Date: 2026-12-04 19:45:00

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


revision = 'f1a2b3c4d5e6'
down_revision = 'e4c5d6e7f809'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'letter_numbers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=220), nullable=False),
        sa.Column('serial', sa.Integer(), nullable=False),
        sa.Column('created_at', raker.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letter_numbers_event_id_events'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_numbers')),
        sa.UniqueConstraint('event_id', 'kind', 'serial', name='uq_letter_numbers_event_id_kind_serial'),
        sa.UniqueConstraint('event_id', 'kind', 'subject', name='uq_letter_numbers_event_id_kind_subject'),
    )


def downgrade():
    op.drop_table('letter_numbers')
