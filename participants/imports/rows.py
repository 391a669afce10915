"""Import of participants, consents, referrals and placements from a spreadsheet (.xlsx or .csv).

One row = one participant and, optionally, one consent, one referral and one placement in a
partnership (columns in COLUMNS, documented in docs/participants_import.md). A participant with two
placements takes two rows with the same personnummer.

All or nothing: every row goes through the ordinary services (capacity rule, consent, state machine)
inside ONE transaction; each row runs in a savepoint so that every problem is reported, and if any row
fails (or on a dry run) the whole transaction is rolled back. Natural keys make a second import of the
same file a no-op: participant by personnummer; consent by (participant, partnership, given date);
referral by (participant, partnership, referral date); placement by (participant, partnership, start).
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iop.models import Organisation, Partnership, PartnershipParty, User, WorkArea
from iop.roles import Role
from participants.access_log import log_access
from participants.models import (
    AccessLog,
    Consent,
    EducationLevel,
    EndReason,
    Gender,
    Participant,
    Placement,
    Referral,
    SupportKind,
)
from participants.personnummer import parse
from participants.services import (
    consent_register,
    participant_create,
    placement_end,
    placement_start,
    referral_create,
    referral_set_status,
)

from .columns import REFERRAL_STATUS, REFERRAL_STEPS
from .reading import _bool, _choice, _date, _messages, _norm_header, _text, read_rows


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    message: str


@dataclass
class ImportResult:
    """The validation report and counts of one import (or dry run)."""

    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: dict[str, int] = field(
        default_factory=lambda: {"participants": 0, "consents": 0, "referrals": 0, "placements": 0}
    )
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def imported(self) -> bool:
        return self.ok and not self.dry_run


class _Rollback(Exception):
    pass


@dataclass
class _Context:
    by: User | None
    default_partnership: Partnership | None
    result: ImportResult
    request_or_user: Any
    caches: dict = field(default_factory=dict)
    # participant id → "create" or "change", for one access-log row per participant
    touched: dict[int, str] = field(default_factory=dict)

    def lookup(self, kind: str, key: Any, loader: Any) -> Any:
        cache = self.caches.setdefault(kind, {})
        if key not in cache:
            cache[key] = loader()
        return cache[key]


def import_participants(
    *,
    content: bytes,
    name: str,
    by: User | None,
    partnership: Partnership | None = None,
    dry_run: bool = False,
    request_or_user: Any = None,
) -> ImportResult:
    """Validate and (unless `dry_run`, and only if every row is valid) import the file. Raises
    ImportFileError when the file cannot be read at all."""
    sheet, rows = read_rows(content, name)
    result = ImportResult(rows=len(rows), dry_run=dry_run)
    ctx = _Context(
        by=by, default_partnership=partnership, result=result, request_or_user=request_or_user or by
    )
    if not rows:
        result.problems.append(Problem(sheet, 1, _("Filen innehåller inga rader.")))
        return result
    try:
        with transaction.atomic():
            for number, row in rows:
                try:
                    with transaction.atomic():
                        _import_row(ctx, row)
                except ValidationError as exc:
                    result.problems.extend(Problem(sheet, number, m) for m in _messages(exc))
            if result.problems or dry_run:
                raise _Rollback
            for participant_id, action in ctx.touched.items():
                log_access(
                    request_or_user=ctx.request_or_user,
                    participant=participant_id,
                    action=action,
                    detail="import från kalkylblad",
                )
    except _Rollback:
        pass
    return result


def _partnership(ctx: _Context, row: dict) -> Partnership:
    case_number = _text(row, "partnerskap")
    if not case_number:
        if ctx.default_partnership is None:
            raise ValidationError(_("partnerskap: ange diarienummer (eller välj partnerskap vid importen)."))
        return ctx.default_partnership
    found = ctx.lookup(
        "partnership", case_number, lambda: Partnership.objects.filter(case_number=case_number).first()
    )
    if found is None:
        raise ValidationError(_("partnerskap: %(cn)s finns inte.") % {"cn": case_number})
    return found


def _user(ctx: _Context, username: str, column: str, role: str) -> User:
    user = ctx.lookup("user", username, lambda: User.objects.filter(username=username).first())
    if user is None or not user.is_active:
        raise ValidationError(_("%(col)s: användaren %(u)s finns inte.") % {"col": column, "u": username})
    if role not in user.role_names:
        raise ValidationError(_("%(col)s: %(u)s har inte rätt roll.") % {"col": column, "u": username})
    return user


def _participant(ctx: _Context, row: dict) -> tuple[Participant, bool]:
    try:
        normalised = parse(_text(row, "personnummer")).normalised
    except ValidationError as exc:
        raise ValidationError({"personal_identity_number": exc.messages}) from None
    existing = Participant.objects.filter(personal_identity_number=normalised).first()
    coordinator = ctx.by is None or Role.SAMORDNARE in ctx.by.role_names  # None: the CLI
    if existing is not None:
        if ctx.by is not None and not coordinator and existing.case_officer_id != ctx.by.pk:
            # A case officer imports only for their own participants (same rule as participants_visible_to).
            raise ValidationError(
                {"personal_identity_number": _("Deltagaren finns redan och hör till en annan handläggare.")}
            )
        return existing, False
    username = _text(row, "handlaggare")
    if username and ctx.by is not None and not coordinator and username != ctx.by.username:
        raise ValidationError(_("handlaggare: du kan bara importera deltagare som du själv ansvarar för."))
    if username:
        case_officer = _user(ctx, username, "handlaggare", Role.AMS)
    elif ctx.by is not None and Role.AMS in ctx.by.role_names:
        case_officer = ctx.by
    else:
        raise ValidationError(_("handlaggare: ange ansvarig arbetsmarknadssekreterare."))
    participant = participant_create(
        personal_identity_number=normalised,
        first_name=_text(row, "fornamn"),
        last_name=_text(row, "efternamn"),
        case_officer=case_officer,
        by=ctx.by,
        gender=_choice(row, "kon", Gender, Gender.UNKNOWN),
        education_level=_choice(row, "utbildning", EducationLevel, EducationLevel.UNKNOWN),
        support_kind=_choice(row, "forsorjning", SupportKind, SupportKind.OTHER),
        interpreter_needed=_bool(row, "tolk"),
        protected_identity=_bool(row, "skyddad_identitet"),
    )
    return participant, True


def _consent_org(ctx: _Context, row: dict, partnership: Partnership) -> Organisation:
    org_number = _text(row, "samtycke_organisation")
    parties = PartnershipParty.objects.filter(partnership=partnership).select_related("organisation")
    if org_number:
        party = parties.filter(organisation__org_number=org_number).first()
        if party is None:
            raise ValidationError(
                _("samtycke_organisation: %(nr)s är inte part i partnerskapet.") % {"nr": org_number}
            )
        return party.organisation
    party = parties.exclude(role=PartnershipParty.Role.CITY).first()
    if party is None:
        raise ValidationError(_("samtycke_organisation: partnerskapet saknar idéburen part."))
    return party.organisation


def _import_row(ctx: _Context, row: dict) -> None:
    result = ctx.result
    participant, created = _participant(ctx, row)
    changed = created
    if created:
        result.created["participants"] += 1
    needs_partnership = any(_text(row, k) for k in ("samtycke_datum", "anvisning_datum", "placering_start"))
    if not needs_partnership:
        _touch(ctx, participant, created, changed)
        return
    partnership = _partnership(ctx, row)

    given_on = _date(row, "samtycke_datum")
    if given_on:
        if not Consent.objects.filter(
            participant=participant, partnership=partnership, given_on=given_on
        ).exists():
            consent = consent_register(
                participant=participant,
                partnership=partnership,
                organisation=_consent_org(ctx, row, partnership),
                given_on=given_on,
                documentation_note=_text(row, "samtycke_dokumentation") or _("Importerat från kalkylblad."),
                by=ctx.by,
            )
            withdrawn = _date(row, "samtycke_aterkallat")
            if withdrawn:
                from participants.services import consent_withdraw

                consent_withdraw(consent=consent, withdrawn_on=withdrawn, by=ctx.by)
            result.created["consents"] += 1
            changed = True

    referral = None
    referred_on = _date(row, "anvisning_datum")
    if referred_on:
        referral = Referral.objects.filter(
            participant=participant, partnership=partnership, referred_on=referred_on
        ).first()
        if referral is None:
            status = REFERRAL_STATUS.get(_norm_header(_text(row, "anvisning_status")) or "ny")
            if status is None:
                raise ValidationError(
                    _("anvisning_status: okänt värde ”%(v)s”.") % {"v": _text(row, "anvisning_status")}
                )
            referral = referral_create(
                participant=participant,
                partnership=partnership,
                case_officer=participant.case_officer,
                referred_on=referred_on,
                reason=_text(row, "anvisning_skal"),
                by=ctx.by,
            )
            for step in REFERRAL_STEPS[status]:
                referral = referral_set_status(
                    referral=referral,
                    status=step,
                    by=ctx.by,
                    on=_date(row, "studiebesok_datum") or referred_on,
                    study_visit_on=_date(row, "studiebesok_datum"),
                    reason=_text(row, "anvisning_avslutsskal"),
                )
            if status == Referral.Status.PLACED and not _text(row, "placering_start"):
                raise ValidationError(_("anvisning_status: placerad kräver placering_start."))
            result.created["referrals"] += 1
            changed = True

    start = _date(row, "placering_start")
    if start:
        exists = Placement.objects.filter(participant=participant, partnership=partnership, start_date=start)
        if not exists.exists():
            work_area = None
            if _text(row, "verksamhet"):
                work_area = WorkArea.objects.filter(
                    partnership=partnership, name=_text(row, "verksamhet")
                ).first()
                if work_area is None:
                    raise ValidationError(
                        _("verksamhet: %(v)s finns inte i partnerskapet.") % {"v": _text(row, "verksamhet")}
                    )
            supervisor = (
                _user(ctx, _text(row, "handledare"), "handledare", Role.HANDLEDARE)
                if _text(row, "handledare")
                else None
            )
            use_referral = (
                referral if referral is not None and referral.status == Referral.Status.ACCEPTED else None
            )
            placement = placement_start(
                participant=participant,
                partnership=partnership,
                start_date=start,
                by=ctx.by,
                work_area=work_area,
                supervisor=supervisor,
                referral=use_referral,
                planned_end_date=_date(row, "placering_planerat_slut"),
            )
            end = _date(row, "placering_slut")
            if end:
                code = _text(row, "avslutsorsak")
                reason = EndReason.objects.filter(code=code).first() if code else None
                if reason is None:
                    raise ValidationError(_("avslutsorsak: ange en giltig kod när placering_slut är ifyllt."))
                placement_end(placement=placement, end_date=end, end_reason=reason, by=ctx.by)
            elif _text(row, "avslutsorsak"):
                raise ValidationError(_("avslutsorsak: kräver placering_slut."))
            result.created["placements"] += 1
            changed = True
    _touch(ctx, participant, created, changed)


def _touch(ctx: _Context, participant: Participant, created: bool, changed: bool) -> None:
    if not changed:
        return
    action = AccessLog.Action.CREATE if created else AccessLog.Action.CHANGE
    if ctx.touched.get(participant.pk) != AccessLog.Action.CREATE:
        ctx.touched[participant.pk] = action
