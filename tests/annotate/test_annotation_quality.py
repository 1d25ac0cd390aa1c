"""Regression guard: annotation quality on the hand-checked gold files may not drop.

The floors are the level the annotator has reached (rounded down); raise them when
quality improves. The targets of the product are checked with `digest eval`.
"""

import pytest

from generator.evaluate.score import evaluate
from conftest import GOLD

FLOORS = {
    "seed.json": {"quote_f1": 1.0, "speaker_acc": 1.0, "entity_p": 0.97, "entity_r": 1.0, "type_acc": 1.0},
    "es-dev.json": {"quote_f1": 0.98, "speaker_acc": 0.91, "entity_p": 0.93, "entity_r": 0.96, "type_acc": 0.93},
    "en-dev.json": {"quote_f1": 1.0, "speaker_acc": 0.95, "entity_p": 0.97, "entity_r": 0.93, "type_acc": 0.94},
    "es-dev2.json": {"quote_f1": 0.96, "speaker_acc": 0.69, "entity_p": 0.81, "entity_r": 0.86, "type_acc": 0.85},
    "en-polnear-dev.json": {"quote_f1": 0.86, "speaker_acc": 0.84},  # quotes only: no entities in this gold
}

@pytest.mark.parametrize("gold_file", sorted(FLOORS))
def test_quality_does_not_drop_below_its_floor(gold_file, annotator):
    figures = evaluate(GOLD / gold_file, annotator).total.figures()
    below = {name: round(figures[name], 3) for name, floor in FLOORS[gold_file].items() if figures[name] < floor}
    assert not below, f"{gold_file}: below the floor: {below}"
