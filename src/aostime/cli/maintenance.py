"""Commands added later."""


def register(app) -> None:
    pass
