"""What format standard input is in, when no ``--stdin-filename`` says so.

Only clear signs count, so plain text stays plain text: a JSON object with ``text`` or
``html`` on the first line (JSON lines); a document type, an ``<html>``/``<body>`` element or
several block-level tags (HTML); front matter, ``#`` headings, ``[links](url)`` or fenced code
(Markdown).
"""

from __future__ import annotations

import json
import re

HEAD_BYTES = 64 * 1024
HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|"
                        r"body)\b", re.IGNORECASE | re.DOTALL)
HTML_TAG = re.compile(r"</?(?:p|div|h[1-6]|ul|ol|li|br|article|main|section|header|footer|"
                      r"nav|table|tr|td|blockquote|span|a|strong|em|b|i|img)\b[^<>]*>",
                      re.IGNORECASE)
MIN_HTML_TAGS = 3
FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*"
                          r"(?:\r?\n|\Z)", re.DOTALL)
MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE),        # ATX heading
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),                # [link](url)
    re.compile(r"^(?:```|~~~)", re.MULTILINE),            # fenced code
    re.compile(r"^[^\n]+\r?\n(?:=+|-{3,})[ \t]*$", re.MULTILINE),  # setext heading
)


def sniff_format(data: bytes) -> str:
    """``jsonl``, ``html``, ``markdown`` or ``text`` for the bytes of an unnamed input."""
    head = data[:HEAD_BYTES].decode("utf-8", "replace").lstrip("\ufeff")
    stripped = head.lstrip()
    if stripped.startswith("{"):
        first = stripped.split("\n", 1)[0].strip()
        try:
            record = json.loads(first)
        except ValueError:
            record = None
        if isinstance(record, dict) and ("text" in record or "html" in record):
            return "jsonl"
    if HTML_START.match(head) or len(HTML_TAG.findall(head)) >= MIN_HTML_TAGS:
        return "html"
    if FRONT_MATTER.match(stripped) or any(sign.search(head) for sign in MARKDOWN_SIGNS):
        return "markdown"
    return "text"
