"""Summaries as JSON values, and back: an index entry is plain data on disk.

A Held is written as the list of its fields, enums by their values; a Summary
as a table of its fields.  decode_summary(encode_summary(s)) == s.
"""

from analyzer.locks.facts import Held, Mark, Origin
from analyzer.locks.summaries import Summary
from analyzer.locks.vocabulary import Kind, Mode

# the Summary fields that hold Held tuples
HELD_FIELDS = ("acquires", "releases", "takes", "tries", "drops_on_error", "may_release")
# the Held fields that are enums, and their types
HELD_ENUMS = {"mode": Mode, "kind": Kind, "origin": Origin, "mark": Mark}


def encode_held(lock):
    return [value.value if name in HELD_ENUMS else value
            for name, value in zip(Held._fields, lock)]


def decode_held(values):
    return Held(*(HELD_ENUMS[name](value) if name in HELD_ENUMS else as_tuple(value)
                  for name, value in zip(Held._fields, values)))


def as_tuple(value):
    """JSON's lists as tuples, nested ones too (Held.when is pairs)."""
    return tuple(map(as_tuple, value)) if isinstance(value, list) else value


def encode_summary(summary):
    value = summary._asdict()
    for name in HELD_FIELDS:
        value[name] = [encode_held(lock) for lock in value[name]]
    value["parameters"] = list(summary.parameters)
    value["returns_locked"] = [[path, mark.value] for path, mark in summary.returns_locked]
    value["drops_where_set"] = [[encode_held(lock), parameter, truth]
                                for lock, parameter, truth in summary.drops_where_set]
    return value


def decode_summary(value):
    """The Summary a JSON table holds; ValueError (or KeyError, TypeError) for
    one that is no encoded Summary."""
    fields = dict(value)
    for name in HELD_FIELDS:
        fields[name] = tuple(decode_held(lock) for lock in fields.get(name, ()))
    fields["parameters"] = tuple(fields["parameters"])
    fields["returned_apart"] = tuple(fields.get("returned_apart", ()))
    fields["returns_locked"] = tuple((path, Mark(mark)) for path, mark in fields["returns_locked"])
    fields["drops_where_set"] = tuple((decode_held(lock), parameter, truth)
                                      for lock, parameter, truth in fields.get("drops_where_set", ()))
    return Summary(**fields)
