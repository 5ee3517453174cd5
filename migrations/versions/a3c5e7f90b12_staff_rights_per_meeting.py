"""staff rights per meeting (event_staff)

Revision ID: a3c5e7f90b12
Revises: e7a9c1d34f56
Create Date: 2026-12-01 09:00:00.000000

Meeting roles (sekretariat, petugas, notulis, perumus) now count only on the meetings a user is
granted. So that today's accounts keep working, every user holding one of them globally gets it on
every existing meeting. The global rows stay: they mark the account's kind ("may be assigned"), and
a global sekretariat may create new meetings; they grant nothing on any meeting by themselves.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa
import raker.models.types


# revision identifiers, used by Alembic.
revision = 'a3c5e7f90b12'
down_revision = 'e7a9c1d34f56'
branch_labels = None
depends_on = None

MEETING_ROLES = ('sekretariat', 'petugas', 'notulis', 'perumus')


def upgrade():
    op.create_table('event_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('created_at', raker.models.types.UTCDateTime(), nullable=False),
    sa.CheckConstraint("role IN ('sekretariat', 'petugas', 'notulis', 'perumus')", name=op.f('ck_event_staff_role_known')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_staff_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_staff_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_staff')),
    sa.UniqueConstraint('event_id', 'user_id', 'role', name='uq_event_staff_event_id_user_id_role')
    )
    with op.batch_alter_table('event_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_staff_user_id'), ['user_id'], unique=False)

    connection = op.get_bind()
    user_roles = sa.table('user_roles', sa.column('user_id', sa.Integer()), sa.column('role', sa.String()))
    events = sa.table('events', sa.column('id', sa.Integer()))
    pairs = connection.execute(
        sa.select(events.c.id, user_roles.c.user_id, user_roles.c.role)
        .select_from(events.join(user_roles, sa.true()))
        .where(user_roles.c.role.in_(MEETING_ROLES))
        .order_by(events.c.id, user_roles.c.user_id, user_roles.c.role)).all()
    if pairs:
        staff = sa.table('event_staff', sa.column('event_id', sa.Integer()), sa.column('user_id', sa.Integer()),
                         sa.column('role', sa.String()), sa.column('created_at', raker.models.types.UTCDateTime()))
        now = datetime.now(timezone.utc)
        op.bulk_insert(staff, [{'event_id': e, 'user_id': u, 'role': r, 'created_at': now} for e, u, r in pairs])


def downgrade():
    # The global rows were kept, so going back to global roles loses no one's access.
    with op.batch_alter_table('event_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_staff_user_id'))
    op.drop_table('event_staff')
