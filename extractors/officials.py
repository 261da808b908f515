"""officials: placeholder until issue 3."""

VERSION = "0"


def extract(analysis, **_):
    return []
