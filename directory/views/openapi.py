"""The OpenAPI 3.1 description of the read-only API (served at ``/api/openapi.json``).

Every parameter is given at most once (400 otherwise), and no text may hold a NUL
character (400, for the whole portal: ``SafeParametersMiddleware``)."""

# Text without NUL, which no parameter of the portal may hold.
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}


def _page_parameters():
    return [
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
            "description": (
                "Page number; 400 if not a whole number from 1 to 1,000,000, 404 past the "
                "last page."
            ),
        }
    ]


def _within():
    return {
        "name": "within",
        "in": "query",
        "schema": {"type": "string", "pattern": "^([A-Za-z0-9][A-Za-z0-9._-]{0,63})?$"},
        "description": (
            "Code of a unit: only that unit and the units below it (400 if not a code, "
            "404 if unknown)."
        ),
    }


def _ok(description: str, schema: str):
    return {
        "200": {
            "description": description,
            "headers": {
                "ETag": {"schema": {"type": "string"}},
                "Link": {"schema": {"type": "string"}, "description": "next/prev pages"},
            },
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
        "400": {"$ref": "#/components/responses/Error"},
        "401": {"$ref": "#/components/responses/Error"},
        "404": {"$ref": "#/components/responses/Error"},
        "429": {"$ref": "#/components/responses/Error"},
    }


def _path_code(name: str):
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}]


def description(base_url: str) -> dict:
    loose = {"type": "object", "additionalProperties": True}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Government directory API",
            "version": "1",
            "description": (
                "Read-only. Anonymous callers see the public tier; callers signed in (session) "
                "or sending an API key (Authorization: Bearer <key>) see their own tier. "
                "Identifiers are unit and post codes and person slugs."
            ),
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": "An error, with a message",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"error": {"type": "string"}},
                                "required": ["error"],
                            }
                        }
                    },
                }
            },
            "schemas": {
                "Page": {
                    "type": "object",
                    "properties": {
                        "count": {"type": "integer"},
                        "page": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "next": {"type": ["string", "null"]},
                        "previous": {"type": ["string", "null"]},
                        "results": {"type": "array", "items": loose},
                    },
                },
                "Unit": loose,
                "Post": loose,
                "Person": loose,
            },
        },
        "security": [{}, {"bearer": []}],
        "paths": {
            "/units/": {
                "get": {
                    "summary": "Units in tree order",
                    "parameters": [*_page_parameters(), _within()],
                    "responses": _ok("A page of units", "Page"),
                }
            },
            "/units/{code}/": {
                "get": {
                    "summary": "A unit with its contacts, sub-units and posts",
                    "parameters": _path_code("code"),
                    "responses": _ok("The unit", "Unit"),
                }
            },
            "/posts/{code}/": {
                "get": {
                    "summary": "A post with its holders",
                    "parameters": _path_code("code"),
                    "responses": _ok("The post", "Post"),
                }
            },
            "/people/": {
                "get": {
                    "summary": "People, by name",
                    "parameters": _page_parameters(),
                    "responses": _ok("A page of people", "Page"),
                }
            },
            "/people/{slug}/": {
                "get": {
                    "summary": "A person with their posts and contacts",
                    "parameters": _path_code("slug"),
                    "responses": _ok("The person", "Person"),
                }
            },
            "/search/": {
                "get": {
                    "summary": "Search units, posts and people",
                    "parameters": [
                        {"name": "q", "in": "query", "schema": TEXT},
                        {
                            "name": "kind",
                            "in": "query",
                            "schema": {"enum": ["", "unit", "post", "person"]},
                        },
                        {"name": "vacant", "in": "query", "schema": TEXT},
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"enum": ["", "current", "former"]},
                            "description": "current or former only (default: both, current first)",
                        },
                        _within(),
                        *_page_parameters(),
                    ],
                    "responses": _ok("A page of hits", "Page"),
                }
            },
        },
    }
