"""Notifications: the outbox every message goes through, and where browsers want pushes."""
import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models import Base
from models.types import UTCDateTime, utcnow


class DeliveryStatus(str, enum.Enum):
    pending = "pending"
    sending = "sending"  # claimed inside a delivery transaction; never seen committed
    sent = "sent"
    failed = "failed"  # gave up after retries; still in the person's in-app list


class Notification(Base):
    """One message to one person: their in-app list, and the outbox row a sender claims.

    Written in the same transaction as the change it tells of. `kind` and `params`
    are rendered in the reader's language when shown. `dedupe_key` makes a sweep that
    runs twice write it once.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_outbox", "status", "next_attempt_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(40))  # "need:12", "assignment:7"
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=10), default=DeliveryStatus.pending)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The request (or sweep run) that queued it, so the line logged when it is sent names it
    request_id: Mapped[str | None] = mapped_column(String(64))


class PushSubscription(Base):
    """A browser's Web Push subscription (endpoint and its encryption keys)."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    endpoint: Mapped[str] = mapped_column(String(500), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
