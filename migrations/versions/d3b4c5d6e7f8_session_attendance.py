"""session attendance: the scanner's room mode records who is present at an agenda session (sidang komisi)

Revision ID: d3b4c5d6e7f8
Revises: c2a3b4c5d6e7
Create Date: 2026-12-01 15:20:00.000000

"""
from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = 'd3b4c5d6e7f8'
down_revision = 'c2a3b4c5d6e7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('commission_id', sa.Integer(), nullable=True),
    sa.Column('member', sa.Boolean(), nullable=True),
    sa.Column('scanned_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('received_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.Column('gate', sa.String(length=60), nullable=False),
    sa.Column('device', sa.String(length=60), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('offline', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['commission_id'], ['commissions.id'], name=op.f('fk_session_attendances_commission_id_commissions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_session_attendances_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_attendances_registration_id_registrations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['agenda_sessions.id'], name=op.f('fk_session_attendances_session_id_agenda_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_session_attendances_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_attendances')),
    sa.UniqueConstraint('session_id', 'registration_id', name='uq_session_attendances_session_id_registration_id')
    )
    with op.batch_alter_table('session_attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_attendances_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_attendances_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_attendances_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_scans_session_id'), ['session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_scans_session_id_agenda_sessions'), 'agenda_sessions', ['session_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('scans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_scans_session_id_agenda_sessions'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_scans_session_id'))
        batch_op.drop_column('session_id')

    with op.batch_alter_table('session_attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_attendances_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_attendances_registration_id'))
        batch_op.drop_index(batch_op.f('ix_session_attendances_event_id'))

    op.drop_table('session_attendances')
