"""Render the clinic server's two pictures to PNG in docs/screenshots/, on a real server.

    .venv/bin/python scripts/server_screenshots.py

Needs PostgreSQL's programs (initdb, pg_ctl), as the tests do (tests/postgres.py): a
throwaway clinic server made with the program's own `Cluster` in a folder under /tmp, on a
free 127.0.0.1 port, TLS required; as root it runs as the `postgres` system account
(PostgreSQL refuses root). It is stopped and removed at the end. Otherwise the program's
own steps:

- the front desk's computer holds the demo clinic (its week of visits ends yesterday) and
  sends it up and joins as the front desk, as `timer-app server init` does (init itself
  keeps the server in the front desk's data folder, which as root the `postgres` account
  cannot enter: hence the folder of its own);
- Room 1, Room 2 and Room 3 join with a one-time code each (`add-workstation`, `join`);
  in each room its clinician (Dana Reyes, Sam Ortiz, Priya Natarajan) times two visits
  from 08:00 and signs them on the room's own file; the room's background sender sends
  them up;
- clinic-server-room-1280x800.png: Room 1's window, Dana Reyes signed in, her next visit
  open with two codes timed, the status line saying the server is connected;
- clinic-server-front-desk-1280x800.png: the front desk's window, Kim Lee signed in, the
  Front desk listing today's signed visits of the three rooms, read from the server.

The clocks are fake, so the pictures come out the same every run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from timer_app.clinic import ClinicServices, open_local, workstation_link  # noqa: E402
from timer_app.clinic.clinic_server import _this_computer_joins as this_computer_joins  # noqa: E402
from timer_app.clinic.clinic_server import join_server  # noqa: E402
from timer_app.records import demo as data  # noqa: E402
from timer_app.server import enrollment, schema  # noqa: E402
from timer_app.server.certificates import CA_CERT  # noqa: E402
from timer_app.server.cluster import DATABASE, Cluster, free_port  # noqa: E402
from timer_app.session import FakeClock  # noqa: E402
from timer_app.session.timer import VisitTimer  # noqa: E402
from timer_app.store import Store  # noqa: E402
from timer_app.ui.front_desk import FrontDeskView  # noqa: E402
from timer_app.ui.main_window import MainWindow  # noqa: E402
from timer_app.ui.sign_in import SignInScreen  # noqa: E402
from timer_app.ui.theme import STYLE_SHEET  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 800
TZ = timezone(timedelta(hours=-6))
DEMO_NOW = datetime(2026, 11, 19, 23, 5, tzinfo=UTC)  # Thursday 17:05: the demo week's end
MORNING = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # Friday 08:00 at the clinic: a patient
VISITS_EACH = 2  # an hour, each room's clinician signs two visits before 10:05
LIVE = datetime(2026, 11, 20, 16, 5, tzinfo=UTC)  # 10:05: Room 1's next visit starts
PINS = {name: pin for name, _access, _clinician, pin in data.USERS}
# each room and its clinician (index in the demo's clinicians)
ROOMS = (("Room 1", 0), ("Room 2", 1), ("Room 3", 2))
RUN_AS = "postgres"  # PostgreSQL refuses root; the Debian package's account


def until(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    """Wait, with Qt's events running, until the condition holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting: {what}")
        QApplication.processEvents()
        time.sleep(0.05)


def save(widget: QWidget, name: str) -> None:
    for _ in range(5):
        QApplication.processEvents()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def runner() -> str | None:
    return RUN_AS if os.geteuid() == 0 else None


def sign_visits(room: ClinicServices, clinician_index: int) -> None:
    """The room's clinician times their first patients one an hour from 08:00 (each with
    one of the demo's plans, under an hour) and signs each visit; an assistant's is signed
    by the PT."""
    clock = room.clock
    assert isinstance(clock, FakeClock)
    treatment = room.treatment
    clinicians = {c.name: c for c in treatment.clinicians()}
    name, *_ = data.CLINICIANS[clinician_index]
    clinician = clinicians[name]
    signer = clinicians["Dana Reyes"] if clinician.role.is_assistant else clinician
    user = room.access.user_of(clinician.id)
    assert user is not None
    room.access.sign_in(user.id, PINS[user.name])
    theirs = [row[0] for row in data.PATIENTS if row[-1] == clinician_index]
    patients = {p.name: p for p in room.store.patients.recent(100)}
    plans = data.PLANS[clinician.role]
    for number in range(VISITS_EACH):
        advance_to(clock, MORNING + timedelta(hours=number))
        patient = patients[theirs[number]]
        timer = treatment.start_visit(patient.id, clinician.id)
        clock.advance(2 * 60)
        for code, minutes, seconds in plans[(number + 1) % len(plans)]:
            treatment.run(timer.visit_id, partial(VisitTimer.start, code=code))
            clock.advance(minutes * 60 + seconds)
            treatment.run(timer.visit_id, partial(VisitTimer.stop, code=code))
            clock.advance(40)
        treatment.run(timer.visit_id, lambda t: t.end_visit())
        clock.advance(3 * 60)
        signature = treatment.check_signature(
            timer.visit_id, diagnoses=patient.diagnoses, pointer_letters={},
            chosen_units=None, signed_by=signer.id, pin=PINS[signer.name],
        )  # fmt: skip
        treatment.sign(signature)
        print(f"  {treatment.visit(timer.visit_id).date} {patient.name}: signed by {signer.name}")
    room.access.sign_out()


def advance_to(clock: FakeClock, moment: datetime) -> None:
    clock.advance(max(0.0, (moment - clock.now()).total_seconds()))


def all_sent(room: ClinicServices) -> bool:
    return room.server_status() == "Clinic server: connected"


def window_on(clinic: ClinicServices, folder: Path, name: str) -> MainWindow:
    """The window as the program opens it on a joined computer, `name` signed in."""
    settings = QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings)
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.attach(clinic, sign_in=True)
    window.treatment.ask_same_day = lambda _question: "second"  # never a modal box here
    screen = window.pages.currentWidget()
    assert isinstance(screen, SignInScreen)
    picker = screen.picker
    user = next(u for u in clinic.access.users() if u.name == name)
    picker.name_buttons[user.id].click()
    QTest.keyClicks(picker.entry.field, PINS[name])
    QTest.keyClick(picker.entry.field, Qt.Key.Key_Return)
    until(lambda: clinic.access.user is not None, f"{name} signed in")
    return window


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET)
    OUT.mkdir(parents=True, exist_ok=True)
    workstation_link.PASS_SECONDS = 0.5  # the rooms' senders ask the server often
    top = Path(tempfile.mkdtemp(prefix="timer-app-server-shots-", dir="/tmp"))
    top.chmod(0o755)  # the server's account reaches its folder inside
    desk_folder = top / "front-desk"
    server_started = False
    owner = None
    try:
        with open_local(data_dir=desk_folder, clock=FakeClock(DEMO_NOW), tz=TZ,
                        daily_backup=False) as desk:  # fmt: skip
            summary = desk.fill_demo()
        print(f"demo clinic: {summary.visits} visits, {summary.patients} patients")
        cluster = Cluster(top / "server", run_as=runner())
        port = free_port()
        cluster.init(data.CLINIC.name, ["localhost"], port=port, listen="127.0.0.1")
        cluster.start()
        server_started = True
        cluster.create_database(DATABASE)
        owner = cluster.connect(DATABASE)
        with open_local(data_dir=desk_folder, clock=FakeClock(DEMO_NOW), tz=TZ,
                        daily_backup=False) as desk:  # fmt: skip
            schema.migrate(owner)
            enrollment.publish_authority(owner, (cluster.tls / CA_CERT).read_bytes())
            assert isinstance(desk.store, Store)
            name, sent = this_computer_joins(desk.store, desk_folder, owner, port)
        print(f"clinic server on 127.0.0.1:{port}; front desk '{name}', {sent} records sent up")

        rooms: dict[str, ClinicServices] = {}
        for room_name, clinician_index in ROOMS:
            code = enrollment.add_workstation(owner, room_name).code
            folder = top / room_name.lower().replace(" ", "-")
            joined = join_server(folder, "localhost", code, port=port)
            print(f"{room_name} joined ({joined.link.workstation})")
            room = open_local(data_dir=folder, clock=FakeClock(MORNING), tz=TZ,
                              daily_backup=False)  # fmt: skip
            room.start_link()
            sign_visits(room, clinician_index)
            rooms[room_name] = room
        for room_name, room in rooms.items():
            until(partial(all_sent, room), f"{room_name} sent its visits")
        for room_name in ("Room 2", "Room 3"):
            rooms.pop(room_name).close()

        # Room 1: Dana Reyes's next patient, two codes timed, the server connected
        room = rooms["Room 1"]
        clock = room.clock
        assert isinstance(clock, FakeClock)
        assert clock.now() < LIVE, "the morning's visits ran past 10:05"
        advance_to(clock, LIVE)
        window = window_on(room, top / "room-1", "Dana Reyes")
        screen = window.treatment
        dana = next(c for c in room.treatment.clinicians() if c.name == "Dana Reyes")
        patients = {p.name: p for p in room.store.patients.recent(100)}
        theirs = [row[0] for row in data.PATIENTS if row[-1] == 0]
        patient = patients[theirs[VISITS_EACH]]  # the one after the morning's
        timer = room.treatment.start_visit(patient.id, dana.id)
        screen.show_visit(timer.visit_id)
        screen.tap("97110")
        clock.advance(12 * 60 + 34)
        screen.tap("97140")
        screen.tap("97010")
        clock.advance(3 * 60 + 10)
        screen.refresh()
        until(lambda: all_sent(room) and window.server_status.text().endswith("connected"),
              "Room 1's status line says connected")  # fmt: skip
        save(window, "clinic-server-room-1280x800")
        window.close()
        room.close()

        # the front desk: today's signed visits of every room, read from the server
        desk = open_local(data_dir=desk_folder, clock=FakeClock(LIVE + timedelta(minutes=20)),
                          tz=TZ, daily_backup=False)  # fmt: skip
        desk.treatment.restore_open_visits()
        desk.start_link()
        window = window_on(desk, top, "Kim Lee (front desk)")
        window.tabs.setCurrentWidget(window.front_desk)
        until(lambda: isinstance(window.front_desk.content, FrontDeskView),
              "the Front desk area built")  # fmt: skip
        view = window.front_desk.content
        assert isinstance(view, FrontDeskView)
        view.show_today()
        signed_today = VISITS_EACH * len(ROOMS)
        until(lambda: view.model.rowCount() >= signed_today and all_sent(desk)
              and window.server_status.text().endswith("connected"),
              "the desk lists the rooms' visits")  # fmt: skip
        assert not view.source_note.isVisible(), view.source_note.text()
        save(window, "clinic-server-front-desk-1280x800")
        window.close()
        desk.close()
    finally:
        if owner is not None:
            owner.close()
        if server_started:
            cluster.stop(mode="immediate")
        shutil.rmtree(top, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
