"""Sign-in with a username or an e-mail address (case-insensitive), then the password."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from integra.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        candidates = list(
            User.objects.filter(Q(username__iexact=username) | Q(email__iexact=username))[:2]
        )
        if len(candidates) != 1:
            # Run the hasher anyway so that timing does not tell whether the account exists.
            User().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
