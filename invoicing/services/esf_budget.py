"""Writes of the ESF budget: a budget line, a financier, the flat rate. Each validates the model's rules
and saves in one transaction (history kept by simple-history)."""

from invoicing.models import EsfBudgetLine, EsfBudgetSettings, EsfFinancier
from iop.cache_version import bumps_data_version
from iop.services.items import save_validated


@bumps_data_version
def esf_budget_line_save(*, line: EsfBudgetLine) -> EsfBudgetLine:
    """Create or update a line of a programme's ESF budget."""
    return save_validated(line)


@bumps_data_version
def esf_financier_save(*, financier: EsfFinancier) -> EsfFinancier:
    """Create or update a financier (the ESF grant or a co-financier with CFAR number)."""
    return save_validated(financier)


@bumps_data_version
def esf_flat_rate_save(*, settings: EsfBudgetSettings) -> EsfBudgetSettings:
    """Set the flat rate of indirect costs (a percentage of the personnel costs)."""
    return save_validated(settings)
