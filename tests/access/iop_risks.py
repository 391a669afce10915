"""Access rules of the risk register's URLs (iop.views.risks): the coordinator and the steering group read a
partnership's register, only the coordinator keeps it. Nobody deletes a risk (it is closed)."""

from tests.access.matrix import only


def extend_world(world) -> None:
    from iop.models import Risk

    world.risk = Risk.objects.create(
        partnership=world.partnership, description="För få anvisade deltagare", likelihood=3, consequence=4
    )


def _pk(w) -> dict:
    return {"pk": w.partnership.pk}


MATRIX = {
    "iop:risk_list": only("samordnare", "styrgrupp", kwargs=_pk),
    "iop:risk_create": only("samordnare", kwargs=_pk),
    "iop:risk_edit": only("samordnare", kwargs=lambda w: {"pk": w.partnership.pk, "risk_pk": w.risk.pk}),
}
