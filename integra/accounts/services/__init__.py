"""Writes of accounts, one module per document: users and their role assignments (`users`),
personal API tokens (`tokens`), sign-in (`signin`: passwords and the second factor).

Other apps, their tests and the demo create users through `create_user`; it is named here so that
they need not know the module it lives in.
"""

from integra.accounts.services.users import create_user

__all__ = ["create_user"]
