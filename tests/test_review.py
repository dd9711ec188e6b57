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
    message = _refusal(tmp_path / "review.toml", text)
    assert f"line {line}:" in message
    assert words in message


def _refusal(path, text: str) -> str:
    """The one-line message reading ``text`` as a review file stops with."""
    path.write_text(text)
    with pytest.raises(ReviewFileError) as info:
        read_review(path)
    message = str(info.value)
    assert "\n" not in message
    return message


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


# --- flag settings, checked against schemas/flags.toml when the file is read --

BAD_FLAGS = [
    # (review file, line, dotted key, words in the message)
    (
        '[review]\nname = "x"\n\n[flags.repeated_no_access]\ncuont = 5\n',
        5,
        "flags.repeated_no_access.cuont",
        "unknown setting 'cuont'; the settings of repeated_no_access are "
        "enabled, count, days",
    ),
    (
        '[flags.repeated_no_access]\ndays = 10\ncount = "three"\n',
        3,
        "flags.repeated_no_access.count",
        "should be a whole number (1 or more), not 'three'",
    ),
    (
        "[flags.da_no_referral]\ndays = 3\n\n[flags.repeated_no_acess]\ncount = 3\n",
        4,
        "flags.repeated_no_acess",
        "unknown flag rule 'repeated_no_acess'; known rules: repeated_was_not_brought",
    ),
    (
        '[flags.strategy_without_police_or_health]\nhealth_kinds = "gp"\n',
        2,
        "flags.strategy_without_police_or_health.health_kinds",
        "should be a list of words",
    ),
    (
        "[flags.non_mobile_bruising]\nmax_age_months = 2.5\n",
        2,
        "flags.non_mobile_bruising.max_age_months",
        "should be a whole number of months (1 or more), not 2.5",
    ),
    (
        "[flags.da_no_referral]\ndays = true\n",
        2,
        "flags.da_no_referral.days",
        "not true",
    ),
]


def test_flag_settings_of_the_right_type_are_kept():
    settings = parse_review(
        "[flags.repeated_da_no_marac]\ncount = 4.0\nmarac_days = 0\n"
        '[flags.strategy_without_police_or_health]\nhealth_kinds = ["gp"]\n'
        "enabled = false\n"
    )
    assert settings.flag_setting("repeated_da_no_marac", "count") == 4
    assert isinstance(settings.flag_setting("repeated_da_no_marac", "count"), int)
    assert settings.flag_setting("repeated_da_no_marac", "marac_days") == 0
    assert settings.flag_setting("repeated_da_no_marac", "days") == 365
    rule = "strategy_without_police_or_health"
    assert settings.flag_setting(rule, "health_kinds") == ["gp"]
    assert not settings.flag_enabled(rule)


def test_flag_rules_are_data_with_a_check_each():
    from chronomerge.analyse import rules
    from chronomerge.analyse.flags import RULES
    from chronomerge.flag_rules import SETTING_TYPES, flag_rules
    from chronomerge.review import FLAG_DEFAULTS

    specs = flag_rules()
    assert list(specs) == list(RULES) == list(FLAG_DEFAULTS)
    for code, spec in specs.items():
        assert RULES[code].check is getattr(rules, code)
        assert RULES[code].label == spec.label and spec.description
        assert FLAG_DEFAULTS[code] == spec.defaults
        for setting in spec.settings.values():
            assert setting.type in SETTING_TYPES and len(setting.about) > 10
            assert "{" + setting.name + "}" in spec.description or code == (
                "non_mobile_bruising"
            )
    checks = {
        name
        for name, value in vars(rules).items()
        if callable(value)
        and getattr(value, "__module__", "") == rules.__name__
        and not name.startswith("_")
        and name[0].islower()
    }
    assert checks == set(specs), "every check in rules.py is a rule of flags.toml"


@pytest.mark.parametrize(("command", "exit_code"), [("validate", 2), ("merge", 2)])
def test_commands_refuse_a_bad_flag_setting_before_reading_files(
    tmp_path, monkeypatch, command, exit_code
):
    from typer.testing import CliRunner

    import chronomerge.pipeline
    from chronomerge.cli import app

    read: list[object] = []
    real = chronomerge.pipeline.read_inputs
    monkeypatch.setattr(  # the pipeline's own name for the ingest stage
        chronomerge.pipeline,
        "read_inputs",
        lambda *a, **k: read.append(a) or real(*a, **k),
    )
    path = tmp_path / "review.toml"
    path.write_text("[flags.repeated_no_access]\ncuont = 5\n")
    agency_file = "sample_data/child_a/Castle_Lane_Surgery_GP_extract.csv"
    args = [command, agency_file, "--review", str(path)]
    if command == "merge":
        args += ["--out", str(tmp_path / "out")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "1000"})
    assert result.exit_code == exit_code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert f"{path}: line 2: flags.repeated_no_access.cuont: unknown setting" in (
        " ".join(result.output.split())
    )
    assert read == []
    assert not (tmp_path / "out").exists()


BAD_COMPARISONS = [
    (
        '[linking]\nthreshold = 0.5\n\n[[linking.comparisons]]\nname = "text"\n'
        "level = [90]\n",
        6,
        "linking.comparisons.0.level",
        "unknown setting 'level'; the settings of text are scorer, levels, weights",
    ),
    (
        '[[linking.comparisons]]\nname = "time"\n\n[[linking.comparisons]]\n'
        'name = "txt"\n',
        5,
        "linking.comparisons.1.name",
        "unknown comparison 'txt'; to add one, give it a new name and the type",
    ),
    (
        '[[linking.comparisons]]\nname = "mine"\ntype = "text"\nweights = "high"\n',
        4,
        "linking.comparisons.0.weights",
        "should be a list of numbers",
    ),
    (
        '[[linking.comparisons]]\nname = "date"\nsame_day = "0"\n',
        3,
        "linking.comparisons.0.same_day",
        "should be a number, not '0'",
    ),
    (
        '[[linking.comparisons]]\nname = "people"\nenabled = "no"\n',
        3,
        "linking.comparisons.0.enabled",
        "should be true or false",
    ),
    (
        "[[linking.comparisons]]\nsame_day = 1.0\n",
        1,
        "linking.comparisons.0",
        "a comparison without a name",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "words"), BAD_FLAGS + BAD_COMPARISONS)
def test_bad_settings_are_refused_on_reading(tmp_path, text, line, key, words):
    """A flag or linking setting that does not fit its rules in schemas/
    stops on reading, naming the file, the line and the key."""
    path = tmp_path / "review.toml"
    message = _refusal(path, text)
    assert message.startswith(f"{path}: line {line}: {key}: "), message
    assert words in message


def test_linking_comparisons_that_fit_are_kept_and_used():
    from chronomerge.link import build_comparisons

    settings = parse_review(
        '[[linking.comparisons]]\nname = "text"\nlevels = [95, 80, 65, 50]\n'
        '[[linking.comparisons]]\nname = "people"\nenabled = false\n'
        '[[linking.comparisons]]\nname = "notes_alike"\ntype = "shared_words"\n'
        "weights = [2.0, 1.5, 1.0, 0.5, 0.0]\n"
    )
    built = {c.name: c for c in build_comparisons(settings.linking)}
    assert built["text"].settings["levels"] == [95, 80, 65, 50]
    assert "people" not in built
    assert built["notes_alike"].type == "shared_words"
    assert built["notes_alike"].settings["weights"] == [2.0, 1.5, 1.0, 0.5, 0.0]


def test_comparison_rules_are_the_comparisons_own_settings():
    from chronomerge.comparison_rules import comparison_defaults
    from chronomerge.link import REGISTRY

    known = comparison_defaults()
    assert set(known) == set(REGISTRY)
    for name, cls in REGISTRY.items():
        assert set(known[name]) == set(cls.defaults), name
