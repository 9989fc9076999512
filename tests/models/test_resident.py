"""Loaded models stay within a byte budget, least recently used out first, each loaded once."""

from __future__ import annotations

import threading

import pytest

from photogen.engine.resident import ResidentModels, default_budget_bytes


def test_a_model_loads_once_however_many_threads_ask() -> None:
    resident = ResidentModels(budget_bytes=100)
    started = threading.Barrier(4)
    results: list[object] = []

    def ask() -> None:
        started.wait()
        results.append(resident.get("a", 10, object))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert resident.loads == 1 and len(results) == 4
    assert all(result is results[0] for result in results)


def test_the_least_recently_used_goes_when_a_new_one_would_not_fit() -> None:
    resident = ResidentModels(budget_bytes=100)
    resident.get("a", 40, object)
    resident.get("b", 40, object)
    resident.get("a", 40, object)  # a is now the most recent
    resident.get("c", 40, object)
    assert resident.resident() == ["a", "c"]
    assert resident.used_bytes() == 80


def test_a_model_larger_than_the_budget_loads_alone() -> None:
    resident = ResidentModels(budget_bytes=100)
    resident.get("a", 40, object)
    resident.get("huge", 500, object)
    assert resident.resident() == ["huge"]


def test_a_failed_load_keeps_nothing_and_is_tried_again() -> None:
    resident = ResidentModels(budget_bytes=100)

    def broken() -> object:
        raise OSError("weights missing")

    with pytest.raises(OSError, match="weights missing"):
        resident.get("a", 10, broken)
    assert resident.resident() == [] and resident.loads == 0
    assert resident.get("a", 10, lambda: "ok") == "ok"


def test_drop_lets_a_model_go_and_the_default_budget_is_half_the_memory() -> None:
    resident = ResidentModels(budget_bytes=100)
    resident.get("a", 10, object)
    resident.drop("a")
    assert resident.resident() == []
    assert default_budget_bytes() > 0
