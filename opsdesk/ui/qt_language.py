"""Qt's own dialogs (file chooser, print dialog) in the console's language.

Issue 13 saw "Look in:", "Files of type:" and dates as "7 12 2026" in the file dialog of a
Chinese console, although ``qtbase_zh_CN`` loads. Two causes, both in Qt 6.11 itself:

1. Its ``qtbase_zh_CN.qm`` is older than its sources: Qt 6 gave labels a mnemonic
   ("&Look in:", "Files of &type:", "Page &Set:") or moved them to another context
   (``QAbstractFileIconProvider``'s "Folder"), and those texts have no Chinese there.
   :data:`QT_TEXTS` lists them; their Chinese is in OpsDesk's own catalogue (installed
   after Qt's, so it is asked first), filled by ``update_translations.py`` like any other.
2. ``QFileSystemModel`` writes its date column with ``QLocale::system()`` — the process's
   ``LANG`` (``C.UTF-8`` on the duty-room PCs) — not the default locale the console sets,
   and the system locale is read once, before the console can choose. The console's file
   dialogs therefore draw that column themselves (:func:`localize_file_dialog`), as
   2026-12-07 09:30 like every date in OpsDesk.

The console's file dialogs are Qt's own widgets, never the desktop's: a GTK dialog would
follow the desktop's language instead of the console's, and could not be tested.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QModelIndex,
    QPersistentModelIndex,
    QTranslator,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

DATE_FORMAT = "yyyy-MM-dd HH:mm"
DATE_COLUMN = 3  # QFileSystemModel: name, size, type, date modified
QT_CATALOGUE = "qtbase_zh_CN"
# Debian's qt6-translations-l10n, where a PySide6 build comes without Qt's catalogues.
SYSTEM_TRANSLATIONS = (Path("/usr/share/qt6/translations"),)

# Texts Qt 6.11 asks for in its dialogs that its zh_CN catalogue does not have. lupdate
# collects them from here; the Chinese is in resources/translations (by context).
QT_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QPrintSettingsOutput", "Page &Set:"),
    QT_TRANSLATE_NOOP("QPageSetupWidget", "Page &order:"),
    QT_TRANSLATE_NOOP("QPageSetupWidget", "Pages &per sheet:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "&Billing information:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "Job &priority:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "Scheduled &printing:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "&Start:"),
    QT_TRANSLATE_NOOP("QCupsJobWidget", "&End:"),
)


def load_qt_catalogue(app: QCoreApplication) -> QTranslator | None:
    """Qt's own Chinese (``qtbase_zh_CN``) from PySide6's translations folder, else from the
    system's; the translator (not yet installed), or None — said on stderr, as Qt's dialogs
    will then be in English."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), *SYSTEM_TRANSLATIONS]
    for folder in folders:
        translator = QTranslator(app)
        if translator.load(QT_CATALOGUE, str(folder)):
            return translator
    print(f"OpsDesk: {QT_CATALOGUE}.qm not found in {', '.join(map(str, folders))}; "
          "Qt's own dialogs stay in English.", file=sys.stderr)
    return None


class _DateDelegate(QStyledItemDelegate):
    """Writes a file's modification time as OpsDesk writes dates, whatever ``LANG`` says."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        if isinstance(model, QFileSystemModel):
            when = model.fileInfo(index).lastModified()
            if when.isValid():
                option.text = when.toString(DATE_FORMAT)


def localize_file_dialog(dialog: QFileDialog) -> QFileDialog:
    """Make ``dialog`` Qt's own (not the desktop's) with its date column in OpsDesk's form."""
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        view.setItemDelegateForColumn(DATE_COLUMN, _DateDelegate(view))
        view.header().setMinimumSectionSize(60)
        view.setColumnWidth(DATE_COLUMN, max(view.columnWidth(DATE_COLUMN), view.fontMetrics().horizontalAdvance(
            "2026-12-07 09:30") + 24))
    return dialog


def file_dialog(parent: QWidget | None, title: str, file_filter: str, *, save: bool,
                suggested: str = "") -> QFileDialog:
    """The console's file chooser: Qt's widget dialog, in the console's language."""
    dialog = QFileDialog(parent, title, "", file_filter)
    dialog.setObjectName("fileDialog")
    localize_file_dialog(dialog)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    if suggested:
        dialog.selectFile(suggested)
    return dialog


def choose_path(parent: QWidget | None, title: str, file_filter: str, *, save: bool, suggested: str = "") -> str:
    """Ask for a file in :func:`file_dialog` (modal); its path, or "" if the user cancelled."""
    dialog = file_dialog(parent, title, file_filter, save=save, suggested=suggested)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return ""
        return dialog.selectedFiles()[0]
    finally:
        dialog.deleteLater()
