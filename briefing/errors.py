"""One exception tree and the process exit codes; caught once, in ``briefing.cli``."""

from __future__ import annotations

from enum import IntEnum

__all__ = [
    "BriefingError",
    "ConfigError",
    "EmptyRecord",
    "ExitCode",
    "InputError",
    "LockedError",
    "MailError",
    "ModelError",
    "RenderError",
    "StateError",
    "TemplateError",
]


class ExitCode(IntEnum):
    """Exit codes of the ``briefing`` command (documented in the README)."""

    OK = 0
    ERROR = 1  # unexpected failure
    USAGE = 2  # bad command line (Typer/Click's own code)
    PARTIAL = 3  # the run finished, but some inputs were skipped (see the run report)
    NO_INPUT = 4  # no readable article at all / input path missing
    CONFIG = 5  # configuration invalid
    MODEL = 6  # translation model problem (install failed, unknown pair, broken package)
    TEMPLATE = 7  # template or rendering error; earlier outputs are untouched
    MAIL = 8  # a message could not be delivered (kept in the outbox)
    LOCKED = 9  # another run holds the lock
    STATE = 10  # the state database is damaged or unreadable (not retried by waiting)


class BriefingError(Exception):
    """Base of every error the CLI reports as one clear line."""

    exit_code: ExitCode = ExitCode.ERROR


class InputError(BriefingError):
    exit_code = ExitCode.NO_INPUT
    kind = "input"  # what a Skipped made from it is (see models.Skipped)


class EmptyRecord(InputError):
    """A record or feed entry without text: skipped and counted, but not a failed input."""

    kind = "empty"


class ConfigError(BriefingError):
    exit_code = ExitCode.CONFIG


class ModelError(BriefingError):
    exit_code = ExitCode.MODEL


class TemplateError(BriefingError):
    exit_code = ExitCode.TEMPLATE


class RenderError(BriefingError):
    exit_code = ExitCode.TEMPLATE


class MailError(BriefingError):
    exit_code = ExitCode.MAIL


class StateError(BriefingError):
    """The state database cannot be used (damaged, not a database, unreadable)."""

    exit_code = ExitCode.STATE


class LockedError(StateError):
    """Another run holds the run lock: trying again later helps."""

    exit_code = ExitCode.LOCKED
