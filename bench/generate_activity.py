"""Load data, last stage: supervision talks and invoices, each only when its app has the models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps

from bench.generate_common import BATCH, GeneratorState, PlannedPlacement, _batched
from iop.dates import add_months


class ActivityRows(GeneratorState):
    """Writes talks and invoices; mixed into `bench.generate.Generator`."""

    # --- optional apps ----------------------------------------------------------------------
    def talks(self, planned: list[PlannedPlacement]) -> None:
        try:
            Talk = apps.get_model("followup", "Talk")
        except LookupError:
            self.result.skipped.append("talks: followup.Talk does not exist yet")
            return
        rng = self.rng
        total_days = sum(((pl.end or min(pl.planned_end, self.today)) - pl.start).days + 1 for pl in planned)
        per_day = self.n["talks"] / max(1, total_days)
        n = 0
        batch = []
        held_time = dt.time(10, 0)
        for pl in planned:
            last = pl.end or min(pl.planned_end, self.today)
            days = (last - pl.start).days + 1
            k = max(2, round(days * per_day + rng.uniform(-0.5, 0.5)))
            assert pl.obj is not None  # every planned placement was written by the people stage
            sup = pl.obj.supervisor_id
            for j in range(k):
                if j == 0:
                    kind, day, both = "start_meeting", pl.start, True
                elif j == k - 1 and pl.end:
                    kind, day, both = "exit_meeting", pl.end, True
                else:
                    day = pl.start + dt.timedelta(days=rng.randint(1, max(1, days - 1)))
                    kind = "followup_meeting" if rng.random() < 0.3 else "supervision_talk"
                    both = kind == "followup_meeting" or rng.random() < 0.2
                batch.append(
                    Talk(
                        placement_id=pl.obj.pk,
                        kind=kind,
                        status="held" if day <= self.today else "planned",
                        held_at=dt.datetime.combine(day, held_time, tzinfo=self.tz),
                        participant_present=True,
                        supervisor_present=True,
                        case_officer_present=both,
                        notes="Samtal enligt plan.",
                        created_by_id=sup,
                    )
                )
            if len(batch) >= BATCH * 4:
                n += len(_batched(batch, Talk))
                batch = []
        n += len(_batched(batch, Talk))
        self.result.counts["talks"] = n

    def placement_facts(self) -> None:
        """The talks were written in bulk, past the services: build the per-placement facts once."""
        from followup.facts import rebuild_placement_facts

        self.result.counts["placement_facts"] = rebuild_placement_facts()

    def invoices(self) -> None:
        try:
            Invoice = apps.get_model("invoicing", "Invoice")
            InvoiceLine = apps.get_model("invoicing", "InvoiceLine")
        except LookupError:
            self.result.skipped.append("invoices: invoicing.Invoice does not exist yet")
            return
        rng = self.rng
        budget = {(b.partnership_id, b.year, b.category): b for b in self.budget_lines}
        months: list[tuple[int, dt.date]] = []
        for idx, _p in enumerate(self.partnerships):
            m = self.starts[idx]
            while add_months(m, 1) <= self.today.replace(day=1):
                months.append((idx, m))
                m = add_months(m, 1)
        target = self.n["invoices"]
        # One invoice per partnership-month; the rest of the target as credit cycles (credited
        # invoice + credit note + re-issue) on random months, as corrections happen in real life.
        cycles: dict[int, int] = {}
        for _ in range(max(0, (target - len(months)) // 2)):
            key = rng.randrange(len(months))
            cycles[key] = cycles.get(key, 0) + 1
        numbers: dict[int, int] = {}
        invoices: list = []
        lines_for: list[tuple[int, Decimal, object]] = []  # (invoice list index, amount, budget line)
        credit_links: list[tuple[int, int]] = []

        def issue(
            idx: int, start: dt.date, *, kind: str, amount: Decimal, status: str, credited: bool
        ) -> int:
            org = self.orgs[idx]
            end = add_months(start, 1) - dt.timedelta(days=1)
            invoice_date = end + dt.timedelta(days=rng.randint(1, 10))
            approved = status in ("approved", "paid")
            # Numbers and dates are given at approval (a submitted invoice has none).
            if approved:
                numbers[org.pk] = numbers.get(org.pk, 0) + 1
            inv = Invoice(
                partnership=self.partnerships[idx],
                kind=kind,
                seller=org,
                buyer=self.city,
                number=numbers[org.pk] if approved else None,
                number_prefix="IOP-" if approved else "",
                status=status,
                period_start=start,
                period_end=end,
                budget_year=start.year,
                invoice_date=invoice_date if approved else None,
                due_date=invoice_date + dt.timedelta(days=30) if approved and kind == "invoice" else None,
                total_net=amount,
                total_vat=Decimal("0.00"),
                total=amount,
                is_credited=credited,
                created_by=self.econ_by_p[idx],
                submitted_by=self.econ_by_p[idx],
                submitted_at=dt.datetime.combine(invoice_date, dt.time(9), tzinfo=self.tz),
                approved_by=self.attestant if approved else None,
                approved_at=dt.datetime.combine(
                    invoice_date + dt.timedelta(days=5), dt.time(9), tzinfo=self.tz
                )
                if approved
                else None,
                paid_on=invoice_date + dt.timedelta(days=25) if status == "paid" else None,
                seller_snapshot={"name": org.name, "org_number": org.org_number},
                buyer_snapshot={"name": self.city.name, "org_number": self.city.org_number},
            )
            invoices.append(inv)
            line = budget.get((self.partnerships[idx].pk, start.year, "salary"))
            lines_for.append((len(invoices) - 1, amount, line))
            return len(invoices) - 1

        recent = add_months(self.today.replace(day=1), -3)
        for key, (idx, start) in enumerate(months):
            line = budget.get((self.partnerships[idx].pk, start.year, "salary"))
            amount = (line.amount / 12).quantize(Decimal("0.01")) if line else Decimal("10000.00")
            status = "paid" if start < recent else rng.choice(["submitted", "approved", "paid"])
            for _c in range(cycles.get(key, 0)):
                original = issue(idx, start, kind="invoice", amount=amount, status="paid", credited=True)
                note = issue(
                    idx, start, kind="credit_note", amount=-amount, status="approved", credited=False
                )
                credit_links.append((note, original))
            issue(idx, start, kind="invoice", amount=amount, status=status, credited=False)
        # Approved and paid invoices take no new lines (a PostgreSQL trigger keeps them immutable), so every
        # invoice is written as submitted, gets its lines, and is then approved in one bulk update, the order
        # the workflow itself follows.
        final_fields = [
            "status",
            "number",
            "number_prefix",
            "invoice_date",
            "due_date",
            "approved_by",
            "approved_at",
            "paid_on",
        ]
        approved = [inv for inv in invoices if inv.status != "submitted"]
        final = {id(inv): {f: getattr(inv, f) for f in final_fields} for inv in approved}
        for inv in approved:
            inv.status, inv.number, inv.number_prefix = "submitted", None, ""
            inv.invoice_date = inv.due_date = inv.approved_by = inv.approved_at = inv.paid_on = None
        # Credit notes reference their originals, which must exist first: save in two passes.
        note_set = {n for n, _ in credit_links}
        first = [inv for i, inv in enumerate(invoices) if i not in note_set]
        _batched(first, Invoice)
        for note, original in credit_links:
            invoices[note].credits = invoices[original]
        _batched([invoices[n] for n, _ in credit_links], Invoice)
        _batched(
            [
                InvoiceLine(
                    invoice=invoices[i],
                    position=1,
                    category="salary",
                    budget_line=line,
                    description="Lönekostnader, andel av årsbudget",
                    amount=amount,
                )
                for i, amount, line in lines_for
            ],
            InvoiceLine,
        )
        for inv in approved:
            for name, value in final[id(inv)].items():
                setattr(inv, name, value)
        Invoice.objects.bulk_update(approved, final_fields, batch_size=1000)
        counter = apps.get_model("invoicing", "InvoiceNumberCounter")
        _batched([counter(organisation_id=org_pk, last_number=n) for org_pk, n in numbers.items()], counter)
        self.result.counts["invoices"] = len(invoices)
