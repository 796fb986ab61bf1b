"""The text summary names every group so that two different groups never share a label."""

from __future__ import annotations

import pytest

from clihelp import SARA_AM, SARA_AM_SPLIT, SCORES, many_csv, run
from itakit.outputs.render_batch import BLANK_GROUP, group_label

ROW = ",".join(SCORES)


def test_a_blank_group_and_a_group_named_like_its_label_are_told_apart(capsys, tmp_path):
    path = tmp_path / "many.csv"
    rows = [f"A,{ROW},", f"B,{ROW},(ไม่ระบุ)", f"C,{ROW},“(ไม่ระบุ)”", f"D,{ROW},ระนอง"]
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


# -- a group written two ways is one group -----------------------------------------------------------------------


def test_groups_written_two_ways_are_one_group_shown_as_first_written(capsys, tmp_path):
    path = tmp_path / "many.csv"
    header = "agency," + ",".join(map(str, range(1, 11))) + ",province"
    rows = [(f"A{n}", *SCORES, value) for n, value in enumerate([SARA_AM, SARA_AM_SPLIT, SARA_AM + "\u00a0"])]
    path.write_text(many_csv(rows, header), encoding="utf-8")
    for extra in ([], ["--skip-unreadable"]):  # the fast summary and the ordinary path
        code, out, err = run(capsys, "summary", path, "--by", "province", "--format", "csv", *extra)
        assert code == 0, err
        group_lines = [line for line in out.splitlines() if line.startswith(SARA_AM[:5])]
        assert len(group_lines) == 1 and group_lines[0].startswith(SARA_AM + ",3,")
