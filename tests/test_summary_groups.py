"""The text summary names every group so that two different groups never share a label."""

from __future__ import annotations

import pytest

from clihelp import run
from conftest import SEED_SCORES
from itakit.outputs.render_batch import BLANK_GROUP, group_label

SCORES = ",".join(SEED_SCORES.values())


def test_a_blank_group_and_a_group_named_like_its_label_are_told_apart(capsys, tmp_path):
    path = tmp_path / "many.csv"
    rows = [f"A,{SCORES},", f"B,{SCORES},(ไม่ระบุ)", f"C,{SCORES},“(ไม่ระบุ)”", f"D,{SCORES},ระนอง"]
    path.write_text("agency," + ",".join(map(str, range(1, 11))) + ",province\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    for extra in ([], ["--skip-unreadable"]):  # the whole-number summary and the ordinary one
        code, stdout, err = run(capsys, "summary", path, "--by", "province", *extra)
        assert code == 0, err
        labels = [line.split(": ", 1)[1] for line in stdout.splitlines() if line.startswith("province: ")]
        assert sorted(labels) == sorted(["(ไม่ระบุ)", "“(ไม่ระบุ)”", "““(ไม่ระบุ)””", "ระนอง"])
        assert len(set(labels)) == len(labels)


@pytest.mark.parametrize(("names"), [["", "(ไม่ระบุ)"], ["(x)", "“(x)”"], ["“a", "a"], ["(", "“(”"]])
def test_group_labels_are_one_to_one(names):
    labels = [group_label(name) for name in names]
    assert len(set(labels)) == len(labels)
    assert group_label("") == group_label(None) == BLANK_GROUP and group_label("ระนอง") == "ระนอง"
