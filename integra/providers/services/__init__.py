"""Writes to the providers' register, one module per document: the provider itself
(`providers`), merging two (`merge`), the users acting for one (`members`)."""

from integra.providers.services.members import (
    AlreadyMember,
    MemberInvitation,
    add_member,
    invite_provider_user,
)
from integra.providers.services.merge import MergeRefused, merge_providers, register_merge_hook
from integra.providers.services.providers import (
    DuplicateProvider,
    ProviderEditConflict,
    ProviderInvalid,
    ProviderMerged,
    create_provider,
    require_creator,
    update_provider,
)

__all__ = [
    "AlreadyMember",
    "DuplicateProvider",
    "MemberInvitation",
    "MergeRefused",
    "ProviderEditConflict",
    "ProviderInvalid",
    "ProviderMerged",
    "add_member",
    "create_provider",
    "invite_provider_user",
    "merge_providers",
    "register_merge_hook",
    "require_creator",
    "update_provider",
]
