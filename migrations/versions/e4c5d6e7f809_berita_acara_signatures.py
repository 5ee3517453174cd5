"""berita acara signatures: each present delegation's representative signs the berita acara on a tablet

Revision ID: e4c5d6e7f809
Revises: d3b4c5d6e7f8
Create Date: 2026-12-01 19:10:00.000000

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = 'e4c5d6e7f809'
down_revision = 'd3b4c5d6e7f8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('berita_acara_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('signature_png', sa.LargeBinary(), nullable=False),
    sa.Column('signed_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['delegation_id'], ['delegations.id'], name=op.f('fk_berita_acara_signatures_delegation_id_delegations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_berita_acara_signatures_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_berita_acara_signatures_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['taken_by_id'], ['users.id'], name=op.f('fk_berita_acara_signatures_taken_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_berita_acara_signatures')),
    sa.UniqueConstraint('event_id', 'delegation_id', name='uq_berita_acara_signatures_event_id_delegation_id')
    )
    with op.batch_alter_table('berita_acara_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_berita_acara_signatures_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_berita_acara_signatures_registration_id'), ['registration_id'], unique=False)


def downgrade():
    with op.batch_alter_table('berita_acara_signatures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_berita_acara_signatures_registration_id'))
        batch_op.drop_index(batch_op.f('ix_berita_acara_signatures_event_id'))

    op.drop_table('berita_acara_signatures')
