"""The small demo catalogue that `make run` loads so a newcomer sees something."""


def ensure_demo_catalogue():
    """Load the demo content unless it is already there; returns True when it was loaded now.

    The catalogue content arrives with the catalogue core; until then there is nothing to load.
    """
    return False
