"""Split input text into messages and decode their bodies, keeping line numbers.

The standard ``email`` package decodes MIME well but forgets where each body
line was in the input, so the structure is walked here by hand (headers, blank
line, multipart boundaries) and ``email`` is only used to decode header values.
"""

import itertools
import re

from analyzer.intake.model import TextLine

# "From " separator line of an mbox (git format-patch writes the same form).
MBOX_FROM = re.compile(r"^From \S+ +\w{3} \w{3} [ \d]?\d \d\d:\d\d(:\d\d)? .*\d{4}\s*$")
HEADER = re.compile(r"^([!-9;-~]+):[ \t]*(.*)$")
# Header names that tell an RFC 822 header block from prose that has a colon.
MAIL_HEADERS = {"from", "subject", "date", "to", "cc", "message-id", "content-type",
                "mime-version", "in-reply-to", "references", "return-path", "received",
                "delivered-to", "x-mailer", "user-agent", "reply-to", "sender"}
# compiled where first used (re.compile keeps it), as QUOTED_PAIR: most mails have no
# attachment
PATCH_ATTACHMENT = r"(?i)\.(patch|diff|txt)$"


class Message:
    __slots__ = ("author", "subject", "body")

    def __init__(self, author, subject, body=None):
        self.author = author
        self.subject = subject
        self.body = [] if body is None else body    # TextLine, all decoded text parts


def split_lines(text):
    """Input text as TextLines numbered from 1, made one at a time (an mbox of
    thousands of messages is never held as lines); CRLF and CR become LF."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    end_of_text = len(text) - 1 if text.endswith("\n") else len(text)
    start = 0
    number = 1
    while True:
        end = text.find("\n", start, end_of_text)
        if end < 0:
            yield TextLine(number, text[start:end_of_text])
            return
        yield TextLine(number, text[start:end])
        start = end + 1
        number += 1


def read_messages(lines):
    """The messages of an mbox, a single mail, or plain text (one pseudo message),
    one at a time: an mbox message is read when the one before it is done."""
    lines = iter(lines)
    leading = []    # up to the first line that is not blank, which tells an mbox
    for line in lines:
        leading.append(line)
        if line.text.strip():
            break
    lines = itertools.chain(leading, lines)
    if leading and MBOX_FROM.match(leading[-1].text):
        for chunk in split_mbox(lines):
            yield read_message(chunk)
    else:
        yield read_message(list(lines))


def split_mbox(lines):
    """The lines of each message of an mbox, after its From line."""
    chunk = None
    previous_blank = True
    for line in lines:
        if previous_blank and MBOX_FROM.match(line.text):
            if chunk is not None:
                yield chunk
            chunk = []
        elif chunk is not None:
            chunk.append(line)
        previous_blank = not line.text.strip()
    if chunk is not None:
        yield chunk


def read_message(lines):
    headers, body = split_headers(lines)
    if not is_mail_header(headers):
        # Plain text: a diff, or a mail as a web archive shows it.
        return Message(None, archive_subject(lines), lines)
    parts = decode_body(headers, body)
    return Message(author_name(headers.get("from")), decode_header(headers.get("subject")), parts)


def split_headers(lines):
    """Header fields (lower-case names, unfolded values) and the body lines."""
    headers = {}
    name = None
    for position, line in enumerate(lines):
        if not line.text.strip():
            return headers, lines[position + 1:]
        if line.text[0] in " \t" and name:
            headers[name] += " " + line.text.strip()
            continue
        match = HEADER.match(line.text)
        if not match:
            return headers if position else {}, lines[position:]
        name = match.group(1).lower()
        headers.setdefault(name, match.group(2))
    return headers, []


def is_mail_header(headers):
    return any(name in MAIL_HEADERS for name in headers)


def archive_subject(lines):
    """Web archives print the subject as the first line, then From:/Date: lines."""
    texts = [line.text for line in lines[:6]]
    if len(texts) > 2 and texts[0].strip() and any(t.startswith("From: ") for t in texts[1:]):
        return texts[0].strip()
    return None


# "Name" <address> or Name <address>; anything else goes to email.utils.parseaddr
NAME_ADDRESS = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^"<>()\[\]\\,;:@]*?))\s*<[^<>"()\s]*>\s*')
QUOTED_PAIR = r"\\(.)"


def decode_header(value):
    if value is None:
        return None
    if "=?" not in value:
        return value.strip()        # no encoded words (RFC 2047) to decode
    import email.header             # here: most headers are plain, and start-up counts
    try:
        return str(email.header.make_header(email.header.decode_header(value))).strip()
    except (ValueError, LookupError, UnicodeError):
        return value.strip()


def author_name(value):
    """The display name of a From: value, or the address when there is no name.

    Web archives print the name alone ("From: Mel Gorman"), which parseaddr
    would cut down to its first word: without an address the value is the name.
    """
    if not value:
        return None
    value = decode_header(value)
    if not any(mark in value for mark in '@<("'):
        return value        # a bare name: what parseaddr would make an address
    usual = NAME_ADDRESS.fullmatch(value)
    if usual:
        # Name <address>, as nearly every mail writes it: read without email.utils,
        # whose imports (sockets, dates, URLs) cost a twentieth of a check on one mail
        name = re.compile(QUOTED_PAIR).sub(r"\1", usual[1]) if usual[1] is not None else " ".join(usual[2].split())
        if name:
            return name
    import email.utils
    name, address = email.utils.parseaddr(value)
    return name or (address if "@" in address else value)


def content_type(headers):
    """(type, parameters) of a Content-Type header, text/plain by default."""
    value = headers.get("content-type", "text/plain")
    kind, _, rest = value.partition(";")
    parameters = {}
    for item in re.finditer(r'([\w-]+)\s*=\s*("([^"]*)"|[^;\s]+)', rest):
        parameters[item.group(1).lower()] = item.group(3) if item.group(3) is not None \
            else item.group(2)
    return kind.strip().lower(), parameters


def decode_body(headers, body):
    """TextLines of every text part of a MIME body (the body itself if not MIME)."""
    kind, parameters = content_type(headers)
    if kind.startswith("multipart/"):
        boundary = parameters.get("boundary")
        if not boundary:
            return body
        parts = [split_headers(part) for part in split_multipart(body, boundary)]
        if kind == "multipart/alternative":
            plain = [p for p in parts if content_type(p[0])[0] == "text/plain"]
            parts = plain[:1] or parts[:1]
        decoded = []
        for part_headers, part_body in parts:
            decoded.extend(decode_body(part_headers, part_body))
        return decoded
    if kind == "message/rfc822":
        inner_headers, inner_body = split_headers(body)
        return decode_body(inner_headers, inner_body)
    if not is_patch_text(kind, headers, parameters):
        return []
    charset = parameters.get("charset", "utf-8")
    encoding = headers.get("content-transfer-encoding", "7bit").strip().lower()
    if encoding == "quoted-printable":
        return decode_quoted_printable(body, charset)
    if encoding == "base64":
        return decode_base64(body, charset)
    return body


def split_multipart(body, boundary):
    parts = []
    current = None
    for line in body:
        text = line.text.rstrip()
        if text == "--" + boundary + "--":
            break
        if text == "--" + boundary:
            current = []
            parts.append(current)
        elif current is not None:
            current.append(line)
    return parts


def is_patch_text(kind, headers, parameters):
    if kind.startswith("text/") and kind != "text/html":
        return True
    disposition = headers.get("content-disposition", "")
    name = parameters.get("name") or ""
    found = re.search(r'filename\s*=\s*"?([^";]+)', disposition)
    if found:
        name = found.group(1)
    return bool(re.compile(PATCH_ATTACHMENT).search(name))


def to_text(data, charset):
    try:
        return data.decode(charset, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def decode_quoted_printable(body, charset):
    """Decoded lines, each numbered with the input line where it starts."""
    import quopri   # here, as in decode_base64: most mails are not encoded
    decoded = []
    start = None
    pending = ""
    for line in body:
        if start is None:
            start = line.number
        if line.text.endswith("="):
            pending += line.text[:-1]
            continue
        data = quopri.decodestring((pending + line.text).encode("latin-1", errors="replace"))
        for text in to_text(data, charset).split("\n"):
            decoded.append(TextLine(start, text))
        start = None
        pending = ""
    if start is not None:
        decoded.append(TextLine(start, to_text(quopri.decodestring(pending.encode(
            "latin-1", errors="replace")), charset)))
    return decoded


def decode_base64(body, charset):
    """Decoded lines, each numbered with the encoded line its first byte came from."""
    import base64
    import binascii
    import bisect
    data = b""
    starts = []     # (offset in data, input line) for each encoded line
    try:
        for line in body:
            if line.text.strip():
                starts.append((len(data), line.number))
                data += base64.b64decode(line.text.strip())
    except (binascii.Error, ValueError):
        return []
    if not starts:
        return []
    if data.endswith(b"\n"):
        data = data[:-1]
    decoded = []
    offset = 0
    for raw in data.split(b"\n"):
        index = bisect.bisect_right(starts, (offset, float("inf"))) - 1
        decoded.append(TextLine(starts[max(index, 0)][1], to_text(raw.rstrip(b"\r"), charset)))
        offset += len(raw) + 1
    return decoded
