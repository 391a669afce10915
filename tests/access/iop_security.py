"""Access rules of the security pages and the accessibility statement."""

from tests.access.matrix import everyone, only, row

MATRIX = {
    "security:settings": only("samordnare"),
    # POST only; only the coordinator may lift a lockout (an unknown id just redirects back).
    "security:lockout_reset": row(
        roles={"samordnare": 302}, kwargs=lambda w: {"pk": 999999}, method="post", data=lambda w: {}
    ),
    # POST only; an empty form is bad input (400) for the coordinator.
    "security:two_factor_reset": row(roles={"samordnare": 400}, method="post", data=lambda w: {}),
    "security:two_factor_setup": everyone(200, superuser=200),
    # Without a registered authenticator app the verify page sends the user to set one up.
    "security:two_factor_verify": everyone(302, superuser=302),
    # POST only (the timeout warning's button): every logged-in user, with or without a role.
    "security:session_extend": everyone(200, superuser=200, method="post", data=lambda w: {}),
    "security:accessibility": everyone(200, anon=200, superuser=200),
    "security:accessibility_reports": only("samordnare"),
}
