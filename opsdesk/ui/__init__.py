"""The Qt console (PySide6). Everything below ``opsdesk.ops`` stays Qt-free (STYLE.md);
widgets here only call the operations and show their results."""
