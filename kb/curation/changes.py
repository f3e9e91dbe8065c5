"""What a save changes: line endings as stored, and the fields whose values differ from the stored row's."""


def normalize_line_endings(record) -> None:
    """Text as stored: line breaks as LF, whatever a browser's textarea (CRLF) or a client sent."""
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname, None)
        if isinstance(value, str) and "\r" in value:
            setattr(record, field.attname, value.replace("\r\n", "\n").replace("\r", "\n"))


IGNORED_IN_COMPARISON = {"updated_at", "created_at", "updated_by", "created_by", "version"}


def changed_fields(stored, record) -> list[str]:
    """The fields whose values differ between the stored row and the record about to be saved."""
    changed = []
    for field in record._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED_IN_COMPARISON:
            continue
        old, new = field.value_from_object(stored), field.value_from_object(record)
        if old != new and field.to_python(old) != field.to_python(new):
            changed.append(field.name)
    return changed
