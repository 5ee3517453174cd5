"""committee members and settings per meeting (kartu panitia, SK panitia, SK tim perumus)

Revision ID: 4d5e6f718293
Revises: 9a4b5c6d7e8f
Create Date: 2026-12-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = '4d5e6f718293'
down_revision = '9a4b5c6d7e8f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.String(length=300), nullable=False),
    sa.Column('rank', sa.String(length=8), nullable=True),
    sa.Column('nip', sa.String(length=18), nullable=True),
    sa.Column('place', sa.String(length=24), nullable=False),
    sa.Column('place_other', sa.String(length=100), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("place IN ('pengarah', 'penanggung_jawab', 'ketua', 'wakil_ketua', 'sekretaris', 'bendahara', 'anggota', 'sekretariat', 'protokol', 'mc', 'dokumentasi', 'konsumsi', 'perlengkapan', 'keamanan', 'kesehatan', 'pengemudi', 'lainnya')", name=op.f('ck_committee_members_place_known')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_committee_members_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_committee_members_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_members'))
    )
    with op.batch_alter_table('committee_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_committee_members_event_id'), ['event_id'], unique=False)

    op.create_table('committee_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('signer_office', sa.String(length=200), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_rank', sa.String(length=8), nullable=True),
    sa.Column('signer_nip', sa.String(length=18), nullable=True),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('budget', sa.String(length=300), nullable=False),
    sa.Column('panitia_number', sa.String(length=80), nullable=False),
    sa.Column('panitia_date', sa.Date(), nullable=True),
    sa.Column('panitia_menimbang', sa.Text(), nullable=False),
    sa.Column('panitia_mengingat', sa.Text(), nullable=False),
    sa.Column('panitia_tugas', sa.Text(), nullable=False),
    sa.Column('perumus_number', sa.String(length=80), nullable=False),
    sa.Column('perumus_date', sa.Date(), nullable=True),
    sa.Column('perumus_menimbang', sa.Text(), nullable=False),
    sa.Column('perumus_mengingat', sa.Text(), nullable=False),
    sa.Column('perumus_tugas', sa.Text(), nullable=False),
    sa.Column('card_colours', sa.JSON(), nullable=False),
    sa.Column('updated_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_committee_settings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_committee_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_settings')),
    sa.UniqueConstraint('event_id', name=op.f('uq_committee_settings_event_id'))
    )


def downgrade():
    op.drop_table('committee_settings')
    with op.batch_alter_table('committee_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_committee_members_event_id'))

    op.drop_table('committee_members')
