"""Staff accounts: creation with a NIST SP 800-63B password and a valid e-mail, and the
changes that end every session (deactivation, a role change)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from tortoise.expressions import F

from models.actions import audit
from models.actions.outbox import unit_of_work
from models.actions.passwords import hash_password_sync, password_problems
from models.rules.enums import ErrorCode, Role
from models.rules.errors import Violation
from models.staff import Provider, Staff


def email_problem(email: str) -> str | None:
    """Why an e-mail address is not one (email-validator, no DNS lookup); None if valid."""
    try:
        validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        return "This is not a valid e-mail address."
    return None


def staff_violations(
    *, email: str, name: str, role: Role, provider: Provider | None, password: str
) -> list[Violation]:
    """What is wrong with a new account: a valid e-mail, a name, a password per NIST SP
    800-63B, and a provider that matches the role (R-ACL-1)."""
    errors: list[Violation] = []
    problem = email_problem(email)
    if problem:
        errors.append(Violation(ErrorCode.INVALID, problem, "email"))
    if not name.strip():
        errors.append(Violation(ErrorCode.REQUIRED, "A name is required.", "name"))
    errors += [
        Violation(ErrorCode.INVALID, text, "password")
        for text in password_problems(password, email=email)
    ]
    if role is Role.CONTRACT_MANAGER and provider is not None:
        errors.append(
            Violation(ErrorCode.INVALID, "Contract managers belong to no provider.", "provider")
        )
    if role is not Role.CONTRACT_MANAGER:
        want = "PROGRAM" if role is Role.CAREER_COACH else "RENT_ASSISTANCE_HUB"
        if provider is None or provider.kind.value != want:
            errors.append(
                Violation(
                    ErrorCode.INVALID,
                    "A career coach belongs to a program agency and hub staff to a hub.",
                    "provider",
                )
            )
    return errors


async def create_staff(
    *,
    actor_id: int | None,
    email: str,
    name: str,
    role: Role,
    provider: Provider | None,
    password: str | None = None,
    password_hash: str | None = None,
) -> Staff:
    """Create a staff account (password or a ready hash), with an audit entry."""
    async with unit_of_work():
        staff = await Staff.create(
            email=email.strip().lower(),
            name=name.strip(),
            role=role,
            provider=provider,
            password_hash=password_hash or hash_password_sync(password or ""),
        )
        await audit.record(
            actor_id=actor_id,
            action="staff.create",
            entity="Staff",
            entity_id=staff.id,
            after={"email": staff.email, "name": staff.name, "role": role},
        )
    return staff


async def set_active(*, actor_id: int | None, staff: Staff, active: bool) -> None:
    """Activate or deactivate an account; a deactivation ends every session."""
    if staff.is_active == active:
        return
    async with unit_of_work():
        await Staff.filter(id=staff.id).update(
            is_active=active, token_version=F("token_version") + 1
        )
        await audit.record(
            actor_id=actor_id,
            action="staff.activate" if active else "staff.deactivate",
            entity="Staff",
            entity_id=staff.id,
            before={"is_active": staff.is_active},
            after={"is_active": active},
        )
    await staff.refresh_from_db(fields=["is_active", "token_version"])


async def set_role(
    *, actor_id: int | None, staff: Staff, role: Role, provider: Provider | None
) -> None:
    """Give an account another role (and provider); every session ends (R-ACL-1)."""
    before = {"role": staff.role, "provider_id": staff.provider_id}
    after = {"role": role, "provider_id": provider.id if provider else None}
    if before == after:
        return
    async with unit_of_work():
        await Staff.filter(id=staff.id).update(
            role=role, provider_id=after["provider_id"], token_version=F("token_version") + 1
        )
        await audit.record(
            actor_id=actor_id,
            action="staff.role_change",
            entity="Staff",
            entity_id=staff.id,
            before=before,
            after=after,
        )
    await staff.refresh_from_db(fields=["role", "provider_id", "token_version"])
