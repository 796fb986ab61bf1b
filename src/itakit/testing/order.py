"""Order must not matter: the same agency, its inputs given in another order or as files with shuffled rows, scores the same.

Part of the contract suite (:mod:`itakit.testing.contract`).
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ..exact import round_half_up
from ..inputs.data import AgencyData, AnswerTally
from ..inputs.read import read_input
from ..rules.model import RuleSet
from ..rules.plugins import Registry
from ..scoring.result import Result
from ..scoring.score import score

__all__ = ["check_file_order", "check_input_order"]


def _score(rule_set: RuleSet, data: AgencyData, registry: Registry) -> Result:
    return score(rule_set, data, registry=registry)


def _shuffled(mapping: Mapping[Any, Any], rnd: random.Random) -> dict[Any, Any]:
    keys = list(mapping)
    rnd.shuffle(keys)
    return {k: mapping[k] for k in keys}


def _scores(result: Result) -> tuple[object, ...]:
    """What order must not change: every score, rank and grade (not counts that depend on the input's form)."""
    return (
        result.total, result.grade, result.indicators, result.tools,
        sorted((q.code, q.score) for q in result.questions),
        sorted((i.code, i.passed) for i in result.items),
    )


def _differs(a: Result, b: Result, first: str, second: str) -> str:
    return (
        f"{first}: total {a.total}, grade {a.grade and a.grade.code}, indicators "
        f"{[(i.number, i.score) for i in a.indicators]}\n{second}: total {b.total}, grade "
        f"{b.grade and b.grade.code}, indicators {[(i.number, i.score) for i in b.indicators]}"
    )


def check_input_order(rule_set: RuleSet, data: AgencyData, rnd: random.Random, registry: Registry) -> None:
    """The result does not depend on the order of the input's mappings, nor of the answers in a tally."""
    shuffled = AgencyData(
        indicator_scores=_shuffled(data.indicator_scores, rnd),
        question_scores=_shuffled(data.question_scores, rnd),
        item_results=_shuffled(data.item_results, rnd),
        answers=_shuffled(
            {c: AnswerTally(_shuffled(t.counts, rnd), t.blank) for c, t in data.answers.items()}, rnd
        ),
        respondents=data.respondents,
    )
    a, b = _score(rule_set, data, registry), _score(rule_set, shuffled, registry)
    if _scores(a) != _scores(b):
        raise AssertionError("the same input in another order scored differently:\n" + _differs(a, b, "in order", "shuffled"))


_PASS_SPELLINGS = ("100", "pass", "ผ่าน", "yes", "มี")
_FAIL_SPELLINGS = ("0", "fail", "ไม่ผ่าน", "no", "ไม่มี")


def _decimal_text(value: Fraction) -> str:
    """A score as a data file holds it: a plain decimal, exact when it has one, else to 20 places."""
    return format(round_half_up(value, 20).normalize(), "f")


def _as_written(data: AgencyData) -> AgencyData:
    """The input as its CSV files say it: a score without a finite decimal (100/3) to 20 places."""
    def written(scores: Mapping[Any, Fraction]) -> dict[Any, Fraction]:
        return {key: Fraction(Decimal(_decimal_text(v))) for key, v in scores.items()}

    return attrs.evolve(data, indicator_scores=written(data.indicator_scores),
                        question_scores=written(data.question_scores))


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _input_files(rule_set: RuleSet, data: AgencyData, folder: Path, rnd: random.Random | None) -> list[Path]:
    """Write an input as CSV files of the shapes the readers know; rows (and answer columns) shuffled by ``rnd``."""
    def order(seq: list[Any]) -> list[Any]:
        if rnd is not None:
            rnd.shuffle(seq)
        return seq

    tag = "shuffled" if rnd is not None else "ordered"
    paths = []
    if data.indicator_scores:
        rows = order([[str(n), _decimal_text(v)] for n, v in data.indicator_scores.items()])
        paths.append(_write(folder / f"{tag}-indicators.csv", ["indicator", "score"], rows))
    if data.question_scores or data.item_results:
        rows = [[c, _decimal_text(v)] for c, v in data.question_scores.items()]
        def pick(spellings: Sequence[str]) -> str:
            return rnd.choice(spellings) if rnd is not None else spellings[0]

        rows += [[c, pick(_PASS_SPELLINGS if ok else _FAIL_SPELLINGS)] for c, ok in data.item_results.items()]
        paths.append(_write(folder / f"{tag}-questions.csv", ["question", "score"], order(rows)))
    if data.answers:
        columns = order(list(data.answers))
        cells = {}
        for code in columns:
            tally = data.answers[code]
            cells[code] = [key for key, n in tally.counts.items() for _ in range(n)] + [""] * tally.blank
        height = max(len(c) for c in cells.values())
        rows = [[cells[code][r] if r < len(cells[code]) else "" for code in columns] for r in range(height)]
        paths.append(_write(folder / f"{tag}-answers.csv", columns, order(rows)))
    return paths


def _read_merged(rule_set: RuleSet, paths: Sequence[Path]) -> AgencyData:
    merged = AgencyData()
    for path in paths:
        (one,) = read_input(path, rule_set).agencies
        merged = AgencyData(
            indicator_scores={**merged.indicator_scores, **one.indicator_scores},
            question_scores={**merged.question_scores, **one.question_scores},
            item_results={**merged.item_results, **one.item_results},
            answers={**merged.answers, **one.answers},
            respondents=max(merged.respondents, one.respondents),
        )
    return merged


def check_file_order(rule_set: RuleSet, data: AgencyData, rnd: random.Random, registry: Registry) -> None:
    """Written to CSV files and read back, the input scores as it does directly, whatever the row order."""
    data = _as_written(data)
    with tempfile.TemporaryDirectory(prefix="itakit-contract-") as tmp:
        folder = Path(tmp)
        ordered = _read_merged(rule_set, _input_files(rule_set, data, folder, None))
        shuffled = _read_merged(rule_set, _input_files(rule_set, data, folder, rnd))
    direct = _score(rule_set, data, registry)
    a, b = _score(rule_set, ordered, registry), _score(rule_set, shuffled, registry)
    if _scores(a) != _scores(b):
        raise AssertionError("the same input files with rows in another order scored differently:\n"
                             + _differs(a, b, "rows in order", "rows shuffled"))
    if _scores(a) != _scores(direct):
        raise AssertionError("the input read back from CSV files scored differently from the input itself:\n"
                             + _differs(direct, a, "direct", "from files"))
