"""The main window."""

from PySide6.QtWidgets import QLabel, QMainWindow


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Therapy Timer")
        self.setCentralWidget(QLabel("No visit open."))
        self.resize(1280, 800)
