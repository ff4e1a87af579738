"""Words and colours of the inspection screens: a due item's state, an entry's result."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

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
    labels = {
        "done": QCoreApplication.translate("InspectionLabels", "Done"),
        "done_late": QCoreApplication.translate("InspectionLabels", "Done late"),
        "review": QCoreApplication.translate("InspectionLabels", "Awaiting review"),
        "due": QCoreApplication.translate("InspectionLabels", "Due"),
        "overdue": QCoreApplication.translate("InspectionLabels", "Overdue"),
        "in_progress": QCoreApplication.translate("InspectionLabels", "In progress"),
    }
    return labels.get(state, state)


def status_label(status: str) -> str:
    """A sheet's status: draft → inspected → reviewed."""
    labels = {
        "draft": QCoreApplication.translate("InspectionLabels", "Being filled in"),
        "inspected": QCoreApplication.translate("InspectionLabels", "Signed by the inspector, awaiting review"),
        "reviewed": QCoreApplication.translate("InspectionLabels", "Signed by inspector and reviewer"),
    }
    return labels.get(status, status)


def result_label(result: str) -> str:
    labels = {
        "ok": QCoreApplication.translate("InspectionLabels", "Normal"),
        "abnormal": QCoreApplication.translate("InspectionLabels", "Abnormal"),
        "na": QCoreApplication.translate("InspectionLabels", "Not applicable"),
    }
    return labels.get(result, "")


def provisional_label() -> str:
    return QCoreApplication.translate("InspectionLabels", "Provisional")


def meaning_label(meaning: str) -> str:
    """The signatures' meanings are the form's own Chinese words; English shows them translated."""
    labels = {
        "巡检人": QCoreApplication.translate("InspectionLabels", "Inspector"),
        "审核人": QCoreApplication.translate("InspectionLabels", "Reviewer"),
    }
    return labels.get(meaning, meaning)


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
