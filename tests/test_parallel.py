"""Build steps on forked processes: results in order, errors surface, same results as in one process."""

import os

import pytest

from cityplans._parallel import run_steps


def _pid_and(value):
    return lambda: (value, os.getpid())


def test_results_come_back_in_step_order():
    steps = [_pid_and(i) for i in range(7)]
    results = run_steps(steps, jobs=2)
    assert [v for v, _ in results] == list(range(7))


def test_steps_run_in_worker_processes_when_jobs_above_one():
    results = run_steps([_pid_and(i) for i in range(4)], jobs=2)
    assert os.getpid() not in {pid for _, pid in results}


def test_one_job_runs_here():
    results = run_steps([_pid_and(i) for i in range(3)], jobs=1)
    assert {pid for _, pid in results} == {os.getpid()}


def test_workers_see_state_made_before_the_call():
    # Forked, not spawned: a step may use an object it was never pickled with.
    unpicklable = lambda: "from the parent"  # noqa: E731
    assert run_steps([lambda: unpicklable(), lambda: unpicklable()], jobs=2) == ["from the parent"] * 2


def test_an_error_in_a_step_is_raised_here():
    def broken():
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_steps([_pid_and(1), broken], jobs=2)


def test_no_steps():
    assert run_steps([], jobs=2) == []
