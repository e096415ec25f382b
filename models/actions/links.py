"""Participant links (R-DOC-2, R-DOC-4): signed, expiring, single use.

A link's token is an itsdangerous URLSafeTimedSerializer signature, salted by what the
link is for, over the nonce of a ParticipantLink row. The signature stops forged and
altered links; its age (checked against the system clock that issued it, so a frozen
dev date behaves) and the row's expires_at stop old ones; the row is consumed with one
conditional UPDATE (used_at IS NULL), so of any number of simultaneous submissions
exactly one wins.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from models import clock
from models.actions import audit
from models.config import get_settings
from models.customers import Customer, ParticipantLink
from models.enrollments import Enrollment
from models.rules.enums import DocumentType, LinkPurpose
from models.staff import Staff


class ClockSigner(TimestampSigner):
    """Timestamps from the system clock (FROZEN_TODAY in dev and tests), not time.time()."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


# one salt per page, so a token made for one purpose never opens another
_SALTS = {
    LinkPurpose.SIGN_APPLICATION: "rent-assist.link.sign-application",
    LinkPurpose.UPLOAD_DOCUMENT: "rent-assist.link.upload",
    LinkPurpose.DEVICE_UPLOAD: "rent-assist.link.upload",
}
_PATHS = {
    LinkPurpose.SIGN_APPLICATION: "/p/sign/",
    LinkPurpose.UPLOAD_DOCUMENT: "/p/upload/",
    LinkPurpose.DEVICE_UPLOAD: "/p/upload/",
}


def _serializer(purpose: LinkPurpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        get_settings().secret_key, salt=_SALTS[purpose], signer=ClockSigner
    )


def lifetime(purpose: LinkPurpose) -> timedelta:
    """How long a link for this purpose lives (R-DOC-4: 7 days; device links minutes)."""
    s = get_settings()
    if purpose is LinkPurpose.SIGN_APPLICATION:
        return timedelta(days=s.signature_link_days)
    if purpose is LinkPurpose.UPLOAD_DOCUMENT:
        return timedelta(days=s.upload_link_days)
    return timedelta(minutes=s.device_link_minutes)


def url_for(link: ParticipantLink) -> str:
    """The link's URL, holding a fresh signature over its nonce."""
    token = _serializer(link.purpose).dumps({"n": link.nonce})
    base = get_settings().public_base_url.rstrip("/")
    return f"{base}{_PATHS[link.purpose]}{token}"


async def create_link(
    *,
    actor: Staff,
    customer: Customer,
    purpose: LinkPurpose,
    document_type: DocumentType,
    enrollment: Enrollment | None = None,
    sent_to: str | None = None,
) -> tuple[ParticipantLink, str]:
    """Write a link row (with its audit entry) and return it with its URL. Call inside
    unit_of_work()."""
    now = clock.now()
    link = await ParticipantLink.create(
        customer=customer,
        enrollment=enrollment,
        purpose=purpose,
        document_type=document_type,
        nonce=secrets.token_urlsafe(32),
        sent_to=sent_to,
        expires_at=now + lifetime(purpose),
        created_by=actor,
    )
    await audit.record(
        actor_id=actor.id,
        action="link.create",
        entity="ParticipantLink",
        entity_id=link.id,
        after={
            "customer_id": customer.id,
            "enrollment_id": enrollment.id if enrollment else None,
            "purpose": purpose,
            "document_type": document_type,
            "sent_to": sent_to,
            "expires_at": link.expires_at,
        },
    )
    return link, url_for(link)


class LinkState(StrEnum):
    OK = "OK"
    INVALID = "INVALID"  # forged, altered, or for another page
    EXPIRED = "EXPIRED"  # R-DOC-4: LINK_EXPIRED
    USED = "USED"  # R-DOC-4: LINK_USED


@dataclass(frozen=True, slots=True)
class Opened:
    """What a token turned out to be."""

    state: LinkState
    link: ParticipantLink | None = None


def _state_of(link: ParticipantLink, now: datetime) -> LinkState:
    if link.used_at is not None:
        return LinkState.USED
    if link.expires_at <= now:
        return LinkState.EXPIRED
    return LinkState.OK


async def open_link(token: str, purposes: tuple[LinkPurpose, ...]) -> Opened:
    """Check a token for one of `purposes` and find its row (nothing is changed)."""
    serializer = _serializer(purposes[0])
    max_age = int(max(lifetime(p) for p in purposes).total_seconds())
    expired = False
    try:
        payload = serializer.loads(token, max_age=max_age)
    except SignatureExpired:
        expired = True
        payload = serializer.loads(token)  # genuine but old: find its row to say so
    except BadSignature:
        return Opened(LinkState.INVALID)
    nonce = payload.get("n") if isinstance(payload, dict) else None
    if not isinstance(nonce, str):
        return Opened(LinkState.INVALID)
    link = await ParticipantLink.get_or_none(nonce=nonce)
    if link is None or link.purpose not in purposes:
        return Opened(LinkState.INVALID)
    state = _state_of(link, clock.now())
    if state is LinkState.OK and expired:
        state = LinkState.EXPIRED
    return Opened(state, link)


async def consume(link: ParticipantLink) -> LinkState:
    """Mark the link used with ONE conditional UPDATE; OK only for the one caller that
    changed the row (R-DOC-4: works once). Call inside the unit of work that uses it."""
    now = clock.now()
    changed = await ParticipantLink.filter(
        id=link.id, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if changed == 1:
        link.used_at = now
        await audit.record(
            actor_id=None,
            action="link.use",
            entity="ParticipantLink",
            entity_id=link.id,
            before={"used_at": None},
            after={"used_at": now},
        )
        return LinkState.OK
    fresh = await ParticipantLink.get(id=link.id)
    state = _state_of(fresh, now)
    return state if state is not LinkState.OK else LinkState.USED
