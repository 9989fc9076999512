"""The contract pin: the JSON schema of every wire model, compared with a committed copy.

A change to the wire is deliberate: regenerate with ``PHOTOGEN_UPDATE_SCHEMA=1 pytest
tests/wire/test_schema_pin.py`` and review the diff of ``wire_schema.json``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import photogen.wire as wire

PIN = Path(__file__).with_name("wire_schema.json")
MODELS = [
    "AnonymousToken",
    "ClaimToken",
    "CreateSessionRequest",
    "CreditsBalance",
    "SessionCreated",
    "Draft",
    "Event",
    "RenderRequest",
    "RenderStatus",
    "RunRequest",
    "SessionState",
    "UploadResult",
    "UrlUpload",
]


def current_schema() -> dict[str, object]:
    return {name: getattr(wire, name).model_json_schema(by_alias=True) for name in MODELS}


def test_wire_schema_matches_the_pin() -> None:
    schema = current_schema()
    if os.environ.get("PHOTOGEN_UPDATE_SCHEMA") == "1":
        PIN.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert json.loads(PIN.read_text(encoding="utf-8")) == json.loads(json.dumps(schema))
