"""Qt's own dialogs in Chinese (issue 13): the console's file chooser and the print dialog
showed "Look in:", "Files of type:" and dates as "7 12 2026" although qtbase_zh_CN loads."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QGroupBox,
    QLabel,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeView,
    QWidget,
)

from opsdesk.ui import dialogs
from opsdesk.ui.pdf_print import PdfPrinting

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ALLOWED = {"PDF", "pdf"}  # the file type, in its own name


def visible_words(widget: QWidget) -> list[str]:
    """Every label, button, group and tab text the user can read in ``widget``."""
    texts = [widget.windowTitle()]
    for child in widget.findChildren(QWidget):
        if isinstance(child, (QLabel, QAbstractButton)):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QTabWidget):
            texts += [child.tabText(i) for i in range(child.count())]
    return [t for t in texts if t and set(LATIN_WORD.findall(t)) - ALLOWED]


def drawn_text(view: QTreeView, row: int, column: int) -> str:
    """The text the view paints in a cell (its delegate's, not the model's)."""
    index = view.model().index(row, column, view.rootIndex())
    option = QStyleOptionViewItem()
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text


def look_at_file_dialog(qtbot, ask, first: str, folder: Path | None = None) -> dict:
    """Run ``ask()`` (it opens the modal file chooser) and note what the dialog shows once
    its folder, whose first entry is ``first``, is listed."""
    seen: dict = {}

    def inspect() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, inspect)
            return
        if folder is not None and Path(dialog.directory().path()) != folder:
            dialog.setDirectory(str(folder))  # as the user types the folder (Qt starts where it was last)
        view = dialog.findChild(QTreeView, "treeView")
        if view.model().index(0, 0, view.rootIndex()).data() != first:  # the folder is read in a thread
            QTimer.singleShot(50, inspect)
            return
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        seen.update(native=dialog.testOption(QFileDialog.Option.DontUseNativeDialog) is False,
                    words=visible_words(dialog),
                    labels=[label.text() for label in dialog.findChildren(QLabel) if label.text()],
                    header=[view.model().headerData(c, view.header().orientation()) for c in range(4)],
                    row=[drawn_text(view, 0, c) for c in range(4)])
        dialog.reject()

    QTimer.singleShot(0, inspect)
    seen["result"] = ask()
    return seen


def test_the_save_dialog_is_qt_s_own_and_all_chinese(qtbot, tmp_path):
    folder = tmp_path / "papers"  # a folder of its own: tmp_path holds the test's data directory too
    folder.mkdir()
    (folder / "巡检表-2026-10.pdf").write_bytes(b"%PDF-1.4\n")
    os.utime(folder / "巡检表-2026-10.pdf", (1796601600, 1796601600))  # 2026-12-07 00:00 UTC
    seen = look_at_file_dialog(qtbot, lambda: dialogs.ask_save_path(None, "保存", str(folder / "新.pdf"),
                                                                    "PDF (*.pdf)"),
                               "巡检表-2026-10.pdf")
    assert seen["result"] == "" and not seen["native"]
    assert seen["words"] == []
    assert "查找范围(&L)：" in seen["labels"] and "文件类型(&T)：" in seen["labels"]
    assert seen["header"] == ["名称", "体积", "类型", "修改日期"]
    name, _size, _kind, date = seen["row"]
    assert name == "巡检表-2026-10.pdf"
    assert re.fullmatch(r"2026-12-0[67] \d\d:\d\d", date), date


def test_the_open_dialog_says_folder_in_chinese(qtbot, tmp_path):
    folder = tmp_path / "papers"  # a folder of its own: tmp_path holds the test's data directory too
    (folder / "sub").mkdir(parents=True)
    start = Path.cwd()
    os.chdir(folder)  # the open dialog starts in the working folder
    try:
        seen = look_at_file_dialog(qtbot, lambda: dialogs.ask_open_path(None, "打开", "PDF (*.pdf)"), "sub",
                                   folder)
    finally:
        os.chdir(start)
    assert seen["words"] == []
    assert seen["row"][0] == "sub" and seen["row"][2] == "文件夹"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", seen["row"][3])


def test_the_print_dialog_is_all_chinese(qtbot, tmp_path, recorder):
    from tests.ui.test_pdf_print import LOW_DPI, active_dialog, two_page_pdf

    parent = QWidget()
    qtbot.addWidget(parent)
    job = PdfPrinting(parent, dpi=LOW_DPI)
    assert job.print(two_page_pdf(tmp_path / "in.pdf"))
    dialog = active_dialog(qtbot, QPrintDialog)
    options = next(b for b in dialog.findChildren(QAbstractButton) if b.text().startswith("选项"))
    options.click()  # the options part: page range, 奇偶页, copies
    qtbot.waitUntil(lambda: dialog.findChild(QLabel, "pageSetLabel").isVisible())
    assert visible_words(dialog) == []
    assert dialog.findChild(QLabel, "pageSetLabel").text() == "奇偶页(&S)："
    dialog.reject()
    qtbot.waitUntil(lambda: not job.busy())
