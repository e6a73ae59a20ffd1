"""The web app (SPEC §10): pages rendered on the server from Jinja2 templates, beside the API on
the same port. The pages act as the signed-in member through the same use cases as the API."""
