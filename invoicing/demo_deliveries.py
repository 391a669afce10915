"""Demo data of what the partner delivers (idempotent): Skåne Stadsmission's documents for 2025 and one
notice of economic change.

The agreement (seed 000) asks for a yearly årsredovisning and verksamhetsberättelse and for economic changes
to be reported in writing at once; the dates, the amount and the files below are invented
("Påhittad demouppgift"): the årsredovisning and verksamhetsberättelse are handed in and received, the
revisionsberättelse is missing (due 2026-06-30). All steps run through the services as the demo users.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from iop.demo import STADSMISSION_CASE
from iop.models import Partnership, User

from .models import EconomicChangeNotice, PartnerDocument, PartnerDocumentKind
from .services import partner_deliveries

INVENTED = "Påhittad demouppgift."
# A one-page PDF standing in for the real document.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# kind code → (handed in, received); a kind not listed is missing.
DOCUMENTS_2025 = {
    "arsredovisning": ("2026-05-20", "2026-05-27"),
    "verksamhetsberattelse": ("2026-05-20", "2026-05-27"),
}


def _at(day: str, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour)))


def seed_partner_deliveries(*, partner_user: User, coordinator: User) -> None:
    partnership = Partnership.objects.filter(case_number=STADSMISSION_CASE).first()
    if partnership is None:
        return
    for code, (handed_in, received) in DOCUMENTS_2025.items():
        kind = PartnerDocumentKind.objects.filter(code=code).first()
        if (
            kind is None
            or PartnerDocument.objects.filter(partnership=partnership, kind=kind, year=2025).exists()
        ):
            continue
        document = partner_deliveries.partner_document_upload(
            partnership=partnership,
            kind=kind,
            year=2025,
            upload=SimpleUploadedFile(f"{code}-2025.pdf", DEMO_PDF, content_type="application/pdf"),
            by=partner_user,
            now=_at(handed_in),
        )
        partner_deliveries.partner_document_receive(document=document, by=coordinator, now=_at(received, 14))
    if not EconomicChangeNotice.objects.filter(partnership=partnership).exists():
        notice = partner_deliveries.economic_change_notify(
            partnership=partnership,
            description=(
                "Hyran för verksamhetens lokaler höjs. Höjningen bärs av Stadsmissionens egen insats och "
                f"ändrar inte nämndens bidrag. {INVENTED}"
            ),
            amount=Decimal("36000.00"),
            effective_from=dt.date(2025, 9, 1),
            by=partner_user,
            today=dt.date(2025, 8, 20),
        )
        partner_deliveries.economic_change_acknowledge(
            notice=notice,
            by=coordinator,
            comment=f"Noterat; ingen ändring av överenskommelsen behövs. {INVENTED}",
            now=_at("2025-08-25"),
        )
