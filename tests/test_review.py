"""The review file: defaults, errors that name the line, init."""

from __future__ import annotations

import datetime as dt

import pytest

from chronomerge import ReviewFileError, init_review, read_review
from chronomerge.review import ReviewSettings, parse_review


def test_defaults_for_everything():
    settings = read_review(None)
    assert settings.review.marking == "OFFICIAL-SENSITIVE"
    assert settings.thresholds.gap_days == 28
    assert settings.flag_setting("repeated_was_not_brought", "days") == 90
    assert settings.flag_enabled("da_no_referral")


def test_init_writes_a_file_that_reads_back(tmp_path):
    path = init_review(tmp_path / "r", name="Child Z LCSPR")
    settings = read_review(path)
    assert settings.review.name == "Child Z LCSPR"
    assert [p.label for p in settings.people] == ["Child A", "Mother"]
    with pytest.raises(Exception, match="already exists"):
        init_review(tmp_path / "r")


def test_init_template_documents_every_top_level_section(tmp_path):
    text = init_review(tmp_path).read_text()
    for section in ReviewSettings.model_fields:
        assert section in text, section


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[review]\nname = "x"\nperiod_start = "2019-13-01"\n', 3, "valid date"),
        ("[review]\nnme = 1\n", 2, "unknown setting"),
        ("[review]\nperiod_start = 2019-02-30\n", 2, "Invalid date"),
        (
            '[[people]]\nlabel = "a"\n[[people]]\nlabel = "b"\ndate_of_birth = "x"\n',
            5,
            "valid date",
        ),
        ("[thresholds]\ngap_days = 0\n", 2, "greater than or equal to 1"),
        ("[flags.no_such_rule]\ncount = 1\n", 1, "unknown flag rule"),
        (
            "[review]\nperiod_start = 2020-01-01\nperiod_end = 2019-01-01\n",
            1,
            "after period_end",
        ),
    ],
)
def test_bad_settings_name_the_line(tmp_path, text, line, words):
    path = tmp_path / "review.toml"
    path.write_text(text)
    with pytest.raises(ReviewFileError) as info:
        read_review(path)
    message = str(info.value)
    assert "\n" not in message
    assert f"line {line}:" in message
    assert words in message


def test_flag_settings_are_read_and_defaulted():
    settings = parse_review("[flags.repeated_was_not_brought]\ncount = 3\n")
    assert settings.flag_setting("repeated_was_not_brought", "count") == 3
    assert settings.flag_setting("repeated_was_not_brought", "days") == 90


def test_command_line_settings_win():
    settings = parse_review("[review]\nperiod_start = 2018-01-01\n")
    merged = settings.with_overrides(from_date="2019-02-03", gap_days=40)
    assert merged.review.period_start == dt.date(2019, 2, 3)
    assert merged.thresholds.gap_days == 40


def test_record_decision_keeps_comments_and_reads_back(tmp_path):
    path = init_review(tmp_path)
    from chronomerge.review import record_decision

    settings = record_decision(path, unlink=["Eaaaaaaaaaa", "Ebbbbbbbbbb"])
    assert settings.decisions.unlink == [["Eaaaaaaaaaa", "Ebbbbbbbbbb"]]
    record_decision(path, link=["Ecccccccccc", "Edddddddddd", "Eeeeeeeeeee"])
    again = record_decision(path, unlink=["Eaaaaaaaaaa", "Ebbbbbbbbbb"])
    assert again.decisions.unlink == [["Eaaaaaaaaaa", "Ebbbbbbbbbb"]]
    assert again.decisions.link == [["Ecccccccccc", "Edddddddddd", "Eeeeeeeeeee"]]
    text = path.read_text()
    assert "# The author's decisions" in text
    with pytest.raises(ReviewFileError):
        record_decision(path, link=["Eaaaaaaaaaa"])
