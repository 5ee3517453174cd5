"""honorarium settings per meeting (daftar penerimaan honorarium narasumber dan moderator)

Revision ID: 1a2b3c4d5e60
Revises: a3c5e7f90b12
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = '1a2b3c4d5e60'
down_revision = 'a3c5e7f90b12'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('honorarium_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('narasumber_rate', sa.Integer(), nullable=False),
    sa.Column('rate_menteri', sa.Integer(), nullable=False),
    sa.Column('rate_eselon_1', sa.Integer(), nullable=False),
    sa.Column('rate_eselon_2', sa.Integer(), nullable=False),
    sa.Column('hour_minutes', sa.Integer(), nullable=False),
    sa.Column('moderator_rate', sa.Integer(), nullable=False),
    sa.Column('other_tax_bp', sa.Integer(), nullable=False),
    sa.Column('budget_line', sa.String(length=300), nullable=False),
    sa.Column('ppk_position', sa.String(length=200), nullable=False),
    sa.Column('ppk_name', sa.String(length=200), nullable=False),
    sa.Column('ppk_rank', sa.String(length=8), nullable=True),
    sa.Column('ppk_nip', sa.String(length=18), nullable=True),
    sa.Column('treasurer_position', sa.String(length=200), nullable=False),
    sa.Column('treasurer_name', sa.String(length=200), nullable=False),
    sa.Column('treasurer_rank', sa.String(length=8), nullable=True),
    sa.Column('treasurer_nip', sa.String(length=18), nullable=True),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('golongan', sa.JSON(), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('updated_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('hour_minutes IN (45, 60)', name=op.f('ck_honorarium_settings_hour_minutes_known')),
    sa.CheckConstraint('moderator_rate >= 0 AND moderator_rate <= 10000000', name=op.f('ck_honorarium_settings_moderator_rate_in_range')),
    sa.CheckConstraint('narasumber_rate >= 0 AND narasumber_rate <= 10000000', name=op.f('ck_honorarium_settings_narasumber_rate_in_range')),
    sa.CheckConstraint('rate_eselon_1 >= 0 AND rate_eselon_1 <= 10000000', name=op.f('ck_honorarium_settings_rate_eselon_1_in_range')),
    sa.CheckConstraint('rate_eselon_2 >= 0 AND rate_eselon_2 <= 10000000', name=op.f('ck_honorarium_settings_rate_eselon_2_in_range')),
    sa.CheckConstraint('rate_menteri >= 0 AND rate_menteri <= 10000000', name=op.f('ck_honorarium_settings_rate_menteri_in_range')),
    sa.CheckConstraint('other_tax_bp >= 0 AND other_tax_bp <= 5000', name=op.f('ck_honorarium_settings_other_tax_bp_in_range')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_honorarium_settings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_honorarium_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_honorarium_settings')),
    sa.UniqueConstraint('event_id', name=op.f('uq_honorarium_settings_event_id'))
    )


def downgrade():
    op.drop_table('honorarium_settings')
