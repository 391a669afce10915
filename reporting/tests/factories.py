"""Factories of the reporting app."""

import factory
from django.core.files.base import ContentFile

from reporting.models import GeneratedReport, ReportJob, params_key
from tests.factories import PartnershipFactory


class ReportJobFactory(factory.django.DjangoModelFactory[ReportJob]):
    class Meta:
        model = ReportJob

    kind = "partnership_summary"
    partnership = factory.SubFactory(PartnershipFactory)
    params = factory.LazyAttribute(lambda o: {"partnership": o.partnership.pk, "year": 2025})
    params_key = factory.LazyAttribute(lambda o: params_key(o.params))
    state = ReportJob.State.QUEUED


def generated_report(job: ReportJob, *, version: int = 1, content: bytes = b"%PDF-1.7\n") -> GeneratedReport:
    report = GeneratedReport(
        job=job,
        kind=job.kind,
        params_key=job.params_key,
        version=version,
        filename=f"rapport-v{version}.pdf",
        sha256="0" * 64,
        size=len(content),
    )
    report.file.save(report.filename, ContentFile(content), save=False)
    report.save()
    return report
