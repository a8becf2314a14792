"""Static files as production serves them (whitenoise: hashed names, compressed copies)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Also rewrites `import … from "./x.js"` in ES modules (static/js/player/) to the hashed
    names, so a deploy never mixes a new module with an old one from a browser's cache."""

    support_js_module_import_aggregation = True
