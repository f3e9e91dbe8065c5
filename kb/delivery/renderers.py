"""CSV for every API list: ``?format=csv`` or ``Accept: text/csv``, readable by ``pandas.read_csv(url)``."""

import csv
import io
import json
import re

from rest_framework.exceptions import NotFound, ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """Flat CSV (RFC 4180, CRLF line ends) with the JSON's field names.

    Nested objects become dotted columns and links ``;``-joined names.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        return "".join(stream_csv([rows if isinstance(rows, list) else [rows]])).encode(self.charset)


def stream_csv(chunks):
    """CSV text a chunk of rows at a time (JSON rows in, flattened): the columns are those of the first chunk."""
    buffer, writer = io.StringIO(), None
    for rows in chunks:
        rows = [flatten(row) for row in rows]
        if writer is None:
            columns = list(dict.fromkeys(name for row in rows for name in row))
            writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
            writer.writeheader()
        writer.writerows({name: spreadsheet_safe(value) for name, value in row.items()} for row in rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if writer is None:
        yield "\r\n"


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"): it starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """The value, with a leading ``'`` if a spreadsheet would take it for a formula; numbers stay numbers.

    The JSON keeps the exact text; only the CSV, which people open in spreadsheets, is neutralised.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def flatten(value, prefix: str = "") -> dict:
    """One CSV row from one JSON object."""
    row = {}
    for key, item in value.items() if isinstance(value, dict) else [("value", value)]:
        name = f"{prefix}{key}"
        if isinstance(item, dict) and "url" in item and "name" in item:
            row[name] = item["name"]
        elif isinstance(item, dict):
            row.update(flatten(item, f"{name}."))
        elif isinstance(item, list):
            row[name] = ";".join(_cell(i) for i in item)
        else:
            row[name] = "" if item is None else item
    return row


def _cell(item) -> str:
    """One item of a list: a link's name, or the item itself (as JSON if it is an object without a name)."""
    if isinstance(item, dict):
        return str(item["name"]) if "name" in item else json.dumps(item, ensure_ascii=False, sort_keys=True)
    return str(item)


class FormatNegotiation(DefaultContentNegotiation):
    """``?format=`` names a format this endpoint serves, or the 404 lists the ones it does."""

    def filter_renderers(self, renderers, format):
        served = [renderer for renderer in renderers if renderer.format == format]
        if not served:
            names = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise NotFound(f"No format {format!r} here: use one of {names}.")
        return served


MAX_JSON_DEPTH = 32  # no record's JSON is nested more than a few levels


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, which refuses (400) JSON nested deeper than MAX_JSON_DEPTH rather than failing on it."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
        else:
            if _depth(data) <= MAX_JSON_DEPTH:
                return data
        raise ParseError(f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep.")


def _depth(data) -> int:
    """How deeply arrays and objects nest in parsed JSON (counted without recursion)."""
    deepest, todo = 0, [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            todo.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))
    return deepest
