"""Logging, configured once in create_app(): what the operators of a meeting want to follow in the
server's log — mail sent and failed, scans refused at the door, state changes, jobs (the outbox,
retention, backups).

Plain lines in development ("15:02:03 INFO raker.mail: mail sent …"); one JSON object a line in
production (LOG_JSON, on by default there), so a log collector can filter on `event_id` or `status`.
Modules log with `logging.getLogger(__name__)` and pass the facts as `extra={…}`: ids and states, never
names, NIPs or addresses (the log is kept longer than the personal data it would copy)."""

import json
import logging
import sys
from datetime import UTC, datetime

# The attributes every LogRecord has; anything else on a record came in through `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
_HANDLER_NAME = "raker"


def facts(record: logging.LogRecord) -> dict[str, object]:
    """The `extra` fields of a record."""
    return {key: value for key, value in vars(record).items() if key not in _STANDARD and not key.startswith("_")}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message and the record's facts."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **facts(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    """A readable line with the facts after the message: "… scan refused (status=invalid gate=Pintu 1)"."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extra = facts(record)
        return f"{text} ({' '.join(f'{k}={v}' for k, v in extra.items())})" if extra else text


def configure(config: dict[str, object]) -> logging.Logger:
    """The `raker` logger's one handler (replaced, not added to, when another app is created in the
    same process), on stderr. Under tests nothing is printed: records still reach pytest's caplog."""
    logger = logging.getLogger("raker")
    logger.setLevel(str(config.get("LOG_LEVEL") or "INFO").upper())
    for handler in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
        logger.removeHandler(handler)
    if not config.get("TESTING"):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(JsonFormatter() if config.get("LOG_JSON") else PlainFormatter())
        logger.addHandler(handler)
    return logger
