"""Colours of the inspection screens (a due item's state, an entry's result) and the names the
screens call their words by; the words are said once, in :mod:`opsdesk.models.labels`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from opsdesk.models import labels

# done green, due blue, overdue red, in progress amber (R-INSP-3); awaiting the reviewer violet;
# done late olive with brown text, never the plain green of on time. The word is always shown too.
STATE_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "done": (QColor("#cdeed8"), QColor("#11633a")),
    "done_late": (QColor("#e3e8bf"), QColor("#8a3f0a")),
    "review": (QColor("#e4dcf7"), QColor("#4b2f8f")),
    "due": (QColor("#d3e4fa"), QColor("#1e4e8c")),
    "overdue": (QColor("#f8cfcb"), QColor("#a52a22")),
    "in_progress": (QColor("#fbe3a8"), QColor("#7a4306")),
}
STATES = ("overdue", "in_progress", "due", "review", "done_late", "done")

ABNORMAL_COLOURS = (QColor("#f8cfcb"), QColor("#a52a22"))
MONITOR_COLOUR = QColor("#1e4e8c")
EMPTY_COLOUR = QColor("#f6f7f9")


def state_label(state: str) -> str:
    return labels.inspection_state(state)


def status_label(status: str) -> str:
    """A sheet's status: draft → inspected → reviewed."""
    return labels.inspection_status(status)


def result_label(result: str) -> str:
    return labels.inspection_result(result)


def provisional_label() -> str:
    return labels.provisional()


def meaning_label(meaning: str) -> str:
    """The signatures' meanings are the form's own Chinese words; English shows them translated."""
    return labels.signature_meaning(meaning)


def colour_css(colours: tuple[QColor, QColor]) -> str:
    bg, fg = colours
    return f"background:{bg.name()};color:{fg.name()};"


def failure_words(exc: BaseException) -> str:
    """What a screen says of a failure it shows in its own place (a dialog's error line) rather
    than in the runner's box: the same words as the box. The runner has already logged a bug's
    traceback; this does not log it again."""
    from opsdesk.ui import dialogs, operations

    text = dialogs.error_text(exc)
    if not operations.is_bug(exc):
        return text
    return QCoreApplication.translate("Operations", "{text} (details in the log {path})").format(
        text=text, path=operations.log_path())
