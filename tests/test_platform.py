"""Guards against the platform traps measured in shared/PLATFORM.md."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import PySide6


def test_pyside6_is_the_pinned_release():
    assert PySide6.__version__ == "6.11.3", "see pyproject.toml: 6.12.0 leaks None on Python 3.11"


def test_methods_returning_nothing_do_not_lower_the_refcount_of_none(qapp):
    # 6.12.0 on Python 3.11 lowers None's count on every such call; a redrawn plot
    # then dies with "Fatal Python error: none_dealloc".
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    pen = QPen(QColor("red"))
    before = sys.getrefcount(None)
    for i in range(10_000):
        painter.setPen(pen)
        painter.drawLine(0, 0, i % 64, 63)
    painter.end()
    assert sys.getrefcount(None) >= before - 50


def test_the_model_ops_and_store_import_without_qt():
    code = textwrap.dedent(
        """
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"):
                    raise ImportError("Qt is not allowed here: " + name)
        sys.meta_path.insert(0, Block())
        import opsdesk.models, opsdesk.store, opsdesk.ops.devices, opsdesk.ops.register_csv
        import opsdesk.ops.backup, opsdesk.ops.users, opsdesk.ops.auth, opsdesk.demo.seed, opsdesk.cli
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_import_linter_contracts_hold():
    import shutil
    from pathlib import Path

    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    done = subprocess.run([lint, "--no-cache"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
