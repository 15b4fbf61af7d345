"""Positions of model items among their siblings (`index`), kept with set-based updates.

Siblings are a queryset (the classes under one parent, the elements of one class, the types of one
model, the values of one enumeration). Services keep their indexes dense from 0: a create appends
or opens a gap, a move shifts the items in between by one, a delete closes its gap. Every change is
one UPDATE whatever the number of siblings; no row is saved one by one.
"""

from django.db.models import F, Max


def next_index(siblings):
    """The index just after the last sibling (0 for the first item)."""
    last = siblings.aggregate(last=Max("index"))["last"]
    return 0 if last is None else last + 1


def open_gap(siblings, index):
    """Where a new item goes: at the end when `index` is None or past the end, else at `index`
    (clamped at 0) after moving the siblings from there one place down."""
    end = next_index(siblings)
    if index is None or index >= end:
        return end
    index = max(index, 0)
    siblings.filter(index__gte=index).update(index=F("index") + 1)
    return index


def move(siblings, *, old_index, new_index):
    """Move an item (not in `siblings`) from `old_index` to `new_index`, shifting those in between.

    Returns the index the item ends at (clamped to the list's bounds).
    """
    end = next_index(siblings)
    new_index = min(max(new_index, 0), max(end - 1, old_index))
    if new_index < old_index:
        siblings.filter(index__gte=new_index, index__lt=old_index).update(index=F("index") + 1)
    elif new_index > old_index:
        siblings.filter(index__gt=old_index, index__lte=new_index).update(index=F("index") - 1)
    return new_index


def close_gap(siblings, index):
    """After removing the item at `index`, move the later siblings one place up."""
    siblings.filter(index__gt=index).update(index=F("index") - 1)
