"""The API's OpenAPI 3.1 document: FastAPI's, with bad input answered 400 (never 422), the
bearer token, and JSON Schema's own keywords and integers where FastAPI's models leave pydantic's
(ge, le) or floats (1.0)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from aostime.server.common import API_PREFIX

KEYWORDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
NUMERIC = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, less its 422 answers: bad input is a 400 here, as in WordPress."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "aos token",
                       "description": "A token from 'aos token create', sent as 'Authorization: Bearer <token>'."},
        }  # fmt: skip
        schema["security"] = [{"bearer": []}]
        health = schema["paths"].get(f"{API_PREFIX}/health", {}).get("get")
        if health is not None:
            health["security"] = []
            for status in ("400", "401", "403", "413"):
                health["responses"].pop(status, None)
        _standard_keywords(schema)
        app.openapi_schema = schema
    return app.openapi_schema


def _standard_keywords(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _standard_keywords(item)
        return
    if not isinstance(node, dict):
        return
    for short, keyword in KEYWORDS.items():
        if short in node and keyword not in node and isinstance(node[short], int | float):
            node[keyword] = node.pop(short)
    for keyword in NUMERIC:
        value = node.get(keyword)
        if isinstance(value, float) and value.is_integer():
            node[keyword] = int(value)
    for value in node.values():
        _standard_keywords(value)
