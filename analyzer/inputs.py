"""Reading an input (a path or ``-``) as text; shared by every command."""


class InputError(Exception):
    """An input that cannot be read at all; the message says what and where."""


def read_input(name, stdin=None):
    """The text of a path, or of ``stdin`` (a binary stream) for ``-``."""
    try:
        if name == "-":
            data = stdin.read()
        else:
            with open(name, "rb") as handle:
                data = handle.read()
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror or error}") from None
    return decode_bytes(data)


def decode_bytes(data):
    """UTF-8 when it is, else Latin-1 (which decodes any byte): never fails."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
