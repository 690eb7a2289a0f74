"""Golden-master capture over programs: the first alone, the rest at once, none started past the budget."""

import threading

from modernize.testgen.schedule import within_budget


class Clock:
    """A clock the work moves forward: each program run takes ``cost`` seconds."""

    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def spend(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_programs_past_the_budget_are_not_run_and_are_named():
    clock = Clock()
    ran: list[str] = []

    def capture(name: str, may_run: bool) -> str | None:
        if not may_run:
            return "kept" if name == "P5" else None  # an earlier run's measurement is still used
        ran.append(name)
        clock.spend(40)
        return "captured"

    done = within_budget([f"P{n}" for n in range(1, 7)], str, capture, budget=100, jobs=1, clock=clock)
    assert ran == ["P1", "P2", "P3"]  # 0, 40 and 80 s: started within 100 s; P4 would start at 120 s
    assert done.results == {"P1": "captured", "P2": "captured", "P3": "captured", "P5": "kept"}
    assert (done.skipped, done.budget) == (["P4", "P6"], 100)


def test_the_first_program_runs_alone_then_the_rest_at_once():
    first_done = threading.Event()
    overlap = threading.Barrier(2, timeout=5)
    seen: list[tuple[str, bool]] = []

    def capture(name: str, may_run: bool) -> str:
        seen.append((name, first_done.is_set()))
        if name == "MAIN":
            first_done.set()  # it built the shared module library
        else:
            overlap.wait()  # both others run at the same time, or this times out
        return name

    done = within_budget(["MAIN", "SUB1", "SUB2"], str, capture, budget=None, jobs=2)
    assert seen[0] == ("MAIN", False) and sorted(seen[1:]) == [("SUB1", True), ("SUB2", True)]
    assert (sorted(done.results), done.skipped, done.budget) == (["MAIN", "SUB1", "SUB2"], [], None)


def test_the_summary_names_what_the_budget_left_out():
    from types import SimpleNamespace

    from modernize.cli.options import capture_report

    capture = SimpleNamespace(problems=["TSB030: cobc failed"], not_captured=[f"PG{n:03d}" for n in range(23)], budget=600.0)
    lines = capture_report(capture)
    assert lines[0] == "capture: TSB030: cobc failed"
    assert lines[1].startswith("capture: the budget of 600 s (--capture-budget) ran out: 23 program(s) not captured, their tests skip "
                               "until a capture records them: PG000, PG001, ")
    assert lines[1].endswith("PG019 … +3")
    assert capture_report(None) == [] and capture_report(SimpleNamespace(problems=[], not_captured=[], budget=None)) == []
