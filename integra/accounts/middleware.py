"""Second factor: users holding a ministry or regional role must verify a TOTP code."""


class SecondFactorMiddleware:
    """Placeholder wired in settings; the enforcement arrives with the sign-in security work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
