"""Demo and reference data (`rent-assist seed-demo`), idempotent.

The providers and the "who refers where" table come from the training deck; every
address is at example.org. Demo accounts share DEMO_PASSWORD (README).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.actions.outbox import unit_of_work
from models.actions.passwords import hash_demo_password
from models.reference import IncomeLimit, ReferenceItem, ReferenceKind
from models.rules.enums import ProviderKind, Role
from models.staff import Provider, ReferralRoute, Staff

DEMO_PASSWORD = "rent-assist-demo"  # noqa: S105 - documented demo password, dev data only

LATINO_NETWORK = "Rent Assistance - Latino Network"
OUR_JUST_FUTURE = "Rent Assistance - Our Just Future"

HUBS = {
    LATINO_NETWORK: "referrals.latino-network@example.org",
    OUR_JUST_FUTURE: "referrals.our-just-future@example.org",
}

# (program, agency name) → hub: the training deck's WHO REFERS WHERE
AGENCIES: dict[str, tuple[str, str]] = {
    "AHFE - IRCO": ("AHFE", LATINO_NETWORK),
    "AHFE - Latino Network": ("AHFE", LATINO_NETWORK),
    "EOP DCJ - SE Works": ("EOP DCJ", LATINO_NETWORK),
    "EOP Portland - IRCO": ("EOP PDX", LATINO_NETWORK),
    "EOP Portland - SE Works": ("EOP PDX", LATINO_NETWORK),
    "AHFE - Our Just Future": ("AHFE", OUR_JUST_FUTURE),
    "AHFE - POIC": ("AHFE", OUR_JUST_FUTURE),
    "EOP DCJ - Our Just Future": ("EOP DCJ", OUR_JUST_FUTURE),
    "EOP Portland - Our Just Future": ("EOP PDX", OUR_JUST_FUTURE),
    "EOP Portland - Trash for Peace": ("EOP PDX", OUR_JUST_FUTURE),
}

REFERENCE: dict[ReferenceKind, list[str]] = {
    ReferenceKind.FUNDING_SOURCE: [
        "Worksystems Rent Assistance",
        "Supportive Housing Services (SHS)",
        "Multnomah County Housing Fund",
    ],
    ReferenceKind.OTHER_FUNDING_SOURCE: [
        "EOP Portland",
        "EOP DCJ",
        "AHFE",
        "Career Boost",
        "Our Just Future-EOP Portland",
    ],
    ReferenceKind.PAYMENT_TYPE: [
        "Rent",
        "Rent Arrears",
        "Security Deposit",
        "Application Fee",
        "Utility Assistance",
        "Moving Costs",
    ],
    ReferenceKind.INCOME_DOCUMENTATION: [
        "Customer Attestation",
        "Pay Stubs",
        "Benefits Award Letter",
        "Tax Return",
        "Bank Statement",
    ],
}

# HUD's MFI for the Portland-Vancouver-Hillsboro MSA (R-REG-3)
INCOME_LIMITS = [
    (date(2024, 4, 1), Decimal("116900.00")),
    (date(2025, 4, 1), Decimal("124100.00")),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    provider: str | None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def demo_accounts() -> list[DemoAccount]:
    """One account per role per provider, plus a second hub worker per hub."""
    accounts = [
        DemoAccount(
            f"coach.{_slug(agency)}@example.org", f"Coach {agency}", Role.CAREER_COACH, agency
        )
        for agency in AGENCIES
    ]
    for hub in HUBS:
        short = _slug(hub.removeprefix("Rent Assistance - "))
        accounts.append(
            DemoAccount(f"hub.{short}@example.org", f"Intake {hub[18:]}", Role.HUB_STAFF, hub)
        )
        accounts.append(
            DemoAccount(
                f"advocate.{short}@example.org", f"Advocate {hub[18:]}", Role.HUB_STAFF, hub
            )
        )
    accounts.append(
        DemoAccount(
            "manager@example.org", "Contract Manager (Worksystems)", Role.CONTRACT_MANAGER, None
        )
    )
    return accounts


async def seed_reference() -> None:
    """Providers, routing, pick lists and income limits (idempotent)."""
    async with unit_of_work():
        hubs: dict[str, Provider] = {}
        for name, email in HUBS.items():
            hubs[name], _ = await Provider.get_or_create(
                name=name,
                defaults={"kind": ProviderKind.RENT_ASSISTANCE_HUB, "referral_email": email},
            )
        for agency, (program, hub) in AGENCIES.items():
            provider, _ = await Provider.get_or_create(
                name=agency, defaults={"kind": ProviderKind.PROGRAM, "program": program}
            )
            await ReferralRoute.get_or_create(agency=provider, hub=hubs[hub])
        for kind, names in REFERENCE.items():
            for position, name in enumerate(names):
                await ReferenceItem.get_or_create(
                    kind=kind, name=name, defaults={"position": position}
                )
        for effective_from, mfi in INCOME_LIMITS:
            await IncomeLimit.get_or_create(
                effective_from=effective_from, defaults={"median_family_income": mfi}
            )


async def seed_demo() -> list[DemoAccount]:
    """Reference data and the demo accounts (idempotent); never in production, where the
    published demo password would open every account (issue 10 §6)."""
    from models.config import get_settings

    if get_settings().environment == "prod":
        raise RuntimeError("seed-demo is refused with ENVIRONMENT=prod")
    await seed_reference()
    providers = {p.name: p for p in await Provider.all()}
    accounts = demo_accounts()
    existing = set(
        await Staff.filter(email__in=[a.email for a in accounts]).values_list("email", flat=True)
    )
    new = [a for a in accounts if a.email not in existing]
    if new:
        password_hash = hash_demo_password(DEMO_PASSWORD)
        await Staff.bulk_create(
            [
                Staff(
                    email=a.email,
                    name=a.name,
                    role=a.role,
                    provider=providers[a.provider] if a.provider else None,
                    password_hash=password_hash,
                )
                for a in new
            ]
        )
    return accounts
