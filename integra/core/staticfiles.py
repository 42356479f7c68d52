"""The static-files storage of production: whitenoise's compressed, content-hashed files.

The vendored bundles (Bootstrap, ECharts) name source maps that setup does not copy; Django's
manifest storage would refuse to collect them for that. Source maps are a developer's aid, so
their references are left as they are instead of being resolved.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(rule for rule in rules if "sourceMappingURL" not in str(rule))
        if rules:
            kept.append((extension, rules))
    return tuple(kept)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
