"""letter settings per meeting (surat undangan, permohonan narasumber, surat keterangan), the
meeting's organiser (penyelenggara) and its city, and each delegation's addressee ("Bupati Paser")

Revision ID: 2b3c4d5e6f71
Revises: 4d5e6f718293
Create Date: 2026-12-01 11:53:08.656605

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = '2b3c4d5e6f71'
down_revision = '4d5e6f718293'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('signer_position', sa.String(length=300), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_rank', sa.String(length=8), nullable=True),
    sa.Column('signer_nip', sa.String(length=18), nullable=True),
    sa.Column('print_rank_nip', sa.Boolean(), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('numbering', sa.String(length=16), nullable=False),
    sa.Column('number_pattern', sa.String(length=80), nullable=False),
    sa.Column('speaker_number_pattern', sa.String(length=80), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('tembusan', sa.Text(), nullable=False),
    sa.Column('attach_agenda', sa.Boolean(), nullable=False),
    sa.Column('keterangan_position', sa.String(length=300), nullable=False),
    sa.Column('keterangan_name', sa.String(length=200), nullable=False),
    sa.Column('keterangan_rank', sa.String(length=8), nullable=True),
    sa.Column('keterangan_nip', sa.String(length=18), nullable=True),
    sa.Column('updated_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("numbering IN ('single', 'per_delegation')", name=op.f('ck_letter_settings_numbering_known')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_letter_settings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_letter_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_settings')),
    sa.UniqueConstraint('event_id', name=op.f('uq_letter_settings_event_id'))
    )
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('addressee', sa.String(length=200), nullable=False, server_default=''))

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('organiser_city', sa.String(length=120), nullable=False, server_default=''))



def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('organiser_city')
        batch_op.drop_column('organiser')

    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_column('addressee')

    op.drop_table('letter_settings')
