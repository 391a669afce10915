"""The authentication backend that loads each request's user together with the user's roles.

Every logged-in page checks the roles (iop.permissions) and most show them (navigation, to-do list):
Django's ModelBackend loads the user in one query and the roles cost a second one on every request.
This backend loads both in one query; passwords, permissions and everything else are ModelBackend's.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from iop.models import User
from iop.models.users import with_roles


class RoleLoadingBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = with_roles(User._default_manager.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
