"""A save says so without stopping the user: a notice in the main window's corner and its
status bar that fades by itself — no modal "已保存…" box to click away (issue 13, item 10)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from opsdesk.ui import dialogs


def test_a_saved_notice_is_not_a_modal_box(qtbot, main_window):
    window = main_window("duty")
    panel = window.show_panel("environment")
    dialogs.show_done(panel, "已保存 /tmp/温度.png")
    assert window.notifier.notice_text == "已保存 /tmp/温度.png"
    assert window.statusBar().currentMessage() == "已保存 /tmp/温度.png"
    assert QApplication.activeModalWidget() is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    notice = window.findChild(QWidget, "doneNotice")
    assert notice.isVisible() and window.rect().contains(notice.geometry())  # inside the window, not clipped
    notice_timer = window.notifier._notice_timer
    notice_timer.setInterval(10)
    notice_timer.start()
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=2000)  # it goes by itself


def test_without_a_console_window_it_is_a_non_modal_box(qtbot):
    lone = QWidget()
    qtbot.addWidget(lone)
    lone.show()
    dialogs.show_done(lone, "已保存")
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and boxes[-1].text() == "已保存" and not boxes[-1].isModal()
    for box in boxes:
        box.close()
