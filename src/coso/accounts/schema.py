"""OpenAPI: the session authentication that checks the second factor is still cookie auth.

Imported by AccountsConfig.ready(): drf-spectacular imports DRF's views, whose settings name
coso.accounts.otp, so this cannot live in that module."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):
    target_class = "coso.accounts.otp.VerifiedSessionAuthentication"
