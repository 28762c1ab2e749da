"""The rest of the briefing: overview, actors, timeline, outlook, figures, search, brief."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from raqqa_cli.briefing.load import load_briefing
from raqqa_cli.briefing.lookup import Index
from raqqa_cli.briefing.model import SECTIONS
from raqqa_cli.cli.app import app
from raqqa_cli.errors import QueryError
from raqqa_cli.render.brief import render_brief
from raqqa_cli.report import WEB_ADDRESS, Report
from raqqa_cli.reports import actors, figures, outlook, overview, search, sources, timeline
from raqqa_cli.terminal import Terminal
from tests.conftest import DATA, MINIMAL

PIPE = Terminal(is_tty=False, width=80, color=False)
TTY = Terminal(is_tty=True, width=80, color=False)


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(load_briefing(str(MINIMAL)))


def column(report: Report, key: str) -> list[Any]:
    position = [c.key for c in report.columns].index(key)
    return [row[position] for row in report.rows]


def test_overview_counts_every_section(index: Index) -> None:
    report = overview.overview_report(index)
    counts = dict(zip(column(report, "section"), column(report, "count"), strict=True))
    assert counts["Issues"] == 1 and counts["Aid lines"] == 2 and counts["Events"] == 2
    assert report.title == "Harbour Town after the Storm (Test Desk, 2020-03-04)"


def test_overview_fits_one_screen(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--format", "table"], obj=Terminal(True, 80, False))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) <= 24 and max(map(len, lines)) <= 80


def test_actor_detail_by_alias(index: Index) -> None:
    report = actors.actor_detail(index, "mayor ada")
    assert set(column(report, "id")) >= {"st-mayor", "iss-flooding", "pkg-relief", "aid-kits"}
    assert ("statements", "speaker") in zip(
        column(report, "section"), column(report, "role"), strict=True
    )


def test_actor_detail_says_the_part_in_words_for_people(index: Index) -> None:
    """Machines get the field that names the actor (`holder`, `actors`); people a word
    for the part it plays, never a field's name with an underscore."""
    report = actors.actor_detail(index, "mayor ada")
    parts = dict(zip(column(report, "role"), column(report, "part"), strict=True))
    assert parts["holder"] == "office holder"
    assert parts["speaker"] == "speaker"
    assert all("_" not in str(part) for part in parts.values())
    assert "role" not in [report.columns[i].key for i in report.for_people()]


def test_actor_detail_unknown_name_is_a_usage_problem(index: Index) -> None:
    with pytest.raises(QueryError, match="no actor goes by 'Zed'"):
        actors.actor_detail(index, "Zed")


def test_timeline_keeps_precision_and_order(index: Index) -> None:
    report = timeline.timeline_report(index)
    assert column(report, "date") == ["2020-02", "2020-03-01"]
    assert column(report, "precision") == ["month", "day"]


@pytest.mark.parametrize(
    ("since", "until", "dates"),
    [
        ("2020-02-15", None, ["2020-02", "2020-03-01"]),  # the month overlaps the day
        ("2020-03", None, ["2020-03-01"]),
        (None, "2020-02-28", ["2020-02"]),
        ("2020", "2020", ["2020-02", "2020-03-01"]),
        ("2021", None, []),
    ],
)
def test_timeline_since_until(
    index: Index, since: str | None, until: str | None, dates: list[str]
) -> None:
    assert column(timeline.timeline_report(index, since, until), "date") == dates


@pytest.mark.parametrize("bad", ["March", "2020-02-30", "20-1-1"])
def test_timeline_bad_dates_are_usage_problems(index: Index, bad: str) -> None:
    with pytest.raises(QueryError, match="is not a date"):
        timeline.timeline_report(index, since=bad)


def test_date_bounds() -> None:
    import datetime as dt

    assert timeline.date_bounds("2016-02") == (dt.date(2016, 2, 1), dt.date(2016, 2, 29))
    assert timeline.date_bounds("2017-12") == (dt.date(2017, 12, 1), dt.date(2017, 12, 31))
    assert timeline.date_bounds("2017") == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))


def test_outlook_orders_by_likelihood() -> None:
    briefing = load_briefing()
    report = outlook.outlook_report(Index(briefing))
    steps = [s for s in column(report, "step") if s]
    assert steps[0] == "very likely" and steps[-1] == "likely"
    assert column(report, "step")[-1] is None  # unmapped judgements come last
    assert column(report, "likelihood")[-1] == outlook.NO_LIKELIHOOD


STEPS = (None, "almost certain", "likely", "unlikely", "remote chance")


@given(
    st.lists(st.tuples(st.sampled_from(STEPS), st.sampled_from((None, "will", "may"))), max_size=8)
)
def test_outlook_never_ranks_an_unstated_likelihood_above_a_stated_one(
    judgements: list[tuple[str | None, str | None]],
) -> None:
    from raqqa_cli.briefing.model import Assessment

    assessments = tuple(
        Assessment(
            id=f"as-{n}", judgement=f"judgement {n}", source="src-desk", words=words,
            scale=("PHIA" if step == "remote chance" else "ICD 203") if step else None,
            step=step,  # type: ignore[arg-type]
        )
        for n, (step, words) in enumerate(judgements)
    )  # fmt: skip
    briefing = load_briefing(str(MINIMAL))._replace(assessments=assessments)
    report = outlook.outlook_report(Index(briefing))
    stated = [step is not None for step in column(report, "step")]
    assert stated == sorted(stated, reverse=True)  # every stated step first
    unstated = [w for w, s in zip(column(report, "words"), stated, strict=True) if not s]
    assert [w is not None for w in unstated] == sorted(
        (w is not None for w in unstated), reverse=True
    )
    shown = column(report, "likelihood")
    assert all((text == outlook.NO_LIKELIHOOD) != s for text, s in zip(shown, stated, strict=True))
    by_id = {a.id: a for a in assessments}
    ranks = [outlook.likelihood_rank(by_id[i]) for i in column(report, "id")]
    assert ranks == sorted(ranks)  # most likely first, then words without a step, then none


def test_figures_of_one_measure_stand_together(index: Index) -> None:
    report = figures.figures_report(index)
    assert column(report, "id") == ["fig-homes-council", "fig-homes-league"]
    assert column(report, "shown") == ["about 120 homes", "an estimated 150 to 180 homes"]
    assert "side by side" in report.notes[0] and "none is added" in report.notes[0]
    # Two claimants' counts are never called a range, nor denied being one: a range a
    # source gives stays that source's range.
    assert "range" not in report.notes[0]


def test_errata_lists_the_differences_and_says_where_the_context_is() -> None:
    index = Index(load_briefing(str(DATA / "quotes" / "briefing.yaml")))
    report = sources.errata_report(index)
    assert column(report, "id") == ["err-date"]
    assert report.notes[1] == (
        "Context, where the record agrees with the briefing and adds to it (fuller titles,"
        " consistent figures), is not listed here (1 entry)."
    )
    assert report.tips == ("`raqqa brief` shows the context too.",)  # a hint, not a note
    with_file = Index(index.briefing, invocation="raqqa -f q.yaml")
    assert sources.errata_report(with_file).tips == (
        "`raqqa -f q.yaml brief` shows the context too.",
    )
    # In the brief, where the context follows, neither the note nor the hint.
    in_brief = sources.errata_report(index, context_follows=True)
    assert len(in_brief.notes) == 1 and in_brief.tips == ()
    assert "is not listed here" not in render_brief(index.briefing)
    assert column(sources.context_report(index), "id") == ["ctx-wall"]
    glance = overview.overview_report(index)
    counts = dict(zip(column(glance, "section"), column(glance, "count"), strict=True))
    assert counts["Errata"] == 1  # what `raqqa errata` lists
    assert "| ctx-wall |" in render_brief(index.briefing).split("## Context from the record")[1]


def test_sources_say_who_cites_whom(index: Index) -> None:
    report = sources.sources_report(index)
    assert column(report, "cites") == [("src-wire",), ()]
    assert column(report, "cited_by") == [(), ("src-desk",)]


@pytest.mark.parametrize("text", ["harbor town", "HARBOURTOWN", "Harbour Town", "harbour"])
def test_search_is_alias_and_case_aware(index: Index, text: str) -> None:
    report = search.search_report(index, text)
    assert {"plc-harbour", "ev-storm"} <= set(column(report, "id"))


def test_search_short_alias_is_whole_word(index: Index) -> None:
    ids = set(column(search.search_report(index, "HTC"), "id"))
    assert "act-town" in ids and "iss-flooding" in ids  # the issue names act-town by id


def test_search_ignores_accents(write: Callable[..., Path], minimal_text: str) -> None:
    path = write(minimal_text.replace("name: Ada Mayor", "name: Adèle Mayor"))
    index = Index(load_briefing(str(path)))
    assert "act-mayor" in column(search.search_report(index, "adele"), "id")
    assert "act-mayor" in column(search.search_report(index, "ADÉLE"), "id")


def test_search_highlights_the_words_as_written(index: Index) -> None:
    report = search.search_report(index, "harbor town")
    assert report.highlight is not None
    assert report.highlight("The storm reached Harbour Town.") == [(18, 30)]


def test_search_with_no_hit(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "zebra", "-f", str(MINIMAL)], obj=PIPE)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "raqqa: nothing mentions 'zebra'\n"


@pytest.mark.parametrize("text", ["", "  ", "\u0301", "\u0301\u0301"])
def test_search_of_nothing_is_a_usage_error(runner: CliRunner, text: str) -> None:
    # A lone accent folds to nothing and would match everywhere.
    result = runner.invoke(app, ["search", text, "-f", str(MINIMAL)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"raqqa: error: nothing to search for in {text!r}: ")
    for option in (["aid", "--match"], ["actors", "-m"]):
        if text:  # an empty --match is no filter at all
            result = runner.invoke(app, [*option, text, "-f", str(MINIMAL)])
            assert result.exit_code == 2, (option, result.output)


def test_embedded_daesh_finds_isil_entries() -> None:
    index = Index(load_briefing())
    ids = set(column(search.search_report(index, "Daesh"), "id"))
    assert {"act-isil", "iss-momentum"} <= ids
    raqqah = set(column(search.search_report(index, "Raqqah"), "id"))
    assert {"plc-raqqa", "ev-victory-declared"} & raqqah


# -- brief ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["minimal", "embedded"])
def brief(request: pytest.FixtureRequest) -> tuple[Any, str]:
    briefing = load_briefing(str(MINIMAL) if request.param == "minimal" else None)
    return briefing, render_brief(briefing)


def test_brief_has_every_section(brief: tuple[Any, str]) -> None:
    briefing, text = brief
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    # Context from the record only when the briefing has some (the minimal one has none).
    context = (
        ["Context from the record"] if any(e.kind == "context" for e in briefing.errata) else []
    )
    assert headings == [
        "At a glance", "Issues", "Aid", "Aid totals", "Reactions", "Statements", "Key figures",
        "Timeline", "Outlook", "Actors", "Places", "Errata", *context, "Sources",
    ]  # fmt: skip
    assert ("## Context from the record" in text) == bool(context)


def test_brief_citations_resolve(brief: tuple[Any, str]) -> None:
    briefing, text = brief
    body, sources = text.split("\n## Sources\n")
    # Every citation is a number of the list, `\[n\]`, linked to source n's own web address
    # where it has one (`[\[n\]](<https://...>)`), never to an anchor in the note.
    listed = re.findall(r"^(\d+)\. \*\*", sources, re.MULTILINE)
    assert [int(n) for n in listed] == list(range(1, len(briefing.sources) + 1))
    cited = re.findall(r"(\[)?\\\[(\d+)\\\](?:\]\(<([^>]+)>\))?", body)
    assert cited and "](#" not in text and "<a " not in text
    for opened, number, address in cited:
        source = briefing.sources[int(number) - 1]
        web = source.locator if WEB_ADDRESS.fullmatch(source.locator or "") else None
        assert (address or None) == web and bool(opened) == bool(web), (number, address)


def test_brief_holds_every_entry(brief: tuple[Any, str]) -> None:
    briefing, text = brief
    missing = [
        entry.id
        for section in SECTIONS
        for entry in getattr(briefing, section)
        if entry.id not in text
    ]
    assert missing == []


def test_brief_parses_as_markdown(brief: tuple[Any, str]) -> None:
    _, text = brief
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = [t for t in tokens if t.type == "table_open"]
    assert len(tables) >= 12
    html = [t for t in tokens if t.type == "html_block"]
    html += [c for t in tokens for c in t.children or [] if c.type == "html_inline"]
    # The only HTML is raqqa's own anchors on the source list.
    assert all(re.fullmatch(r'<a id="cite-[a-z0-9-]+">|</a>', t.content) for t in html)


def test_brief_command(runner: CliRunner) -> None:
    note = render_brief(load_briefing(str(MINIMAL)), invocation=f"raqqa -f {MINIMAL}")
    piped = runner.invoke(app, ["brief", "-f", str(MINIMAL)], obj=PIPE)
    assert piped.exit_code == 0 and piped.stdout == note
    asked = runner.invoke(app, ["brief", "-f", str(MINIMAL), "--format", "markdown"], obj=TTY)
    assert asked.exit_code == 0 and asked.stdout == note
    # On a terminal the note is rendered: headings without `#`, tables drawn, no escapes.
    shown = runner.invoke(app, ["brief", "-f", str(MINIMAL)], obj=TTY)
    assert shown.exit_code == 0
    assert "# Harbour Town" not in shown.stdout and "Harbour Town after the Storm" in shown.stdout
    assert "\\[" not in shown.stdout and "| ---" not in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= 80
    refused = runner.invoke(app, ["brief", "-f", str(MINIMAL), "--format", "csv"])
    assert refused.exit_code == 2
    assert "'csv' is not one `raqqa brief` takes: auto, markdown, table, html" in refused.stderr


def test_aid_chart_never_puts_two_units_on_one_axis(runner: CliRunner) -> None:
    from tests.conftest import DATA

    result = runner.invoke(
        app, ["aid", "--chart", "-f", str(DATA / "totals.yaml")], obj=Terminal(True, 80, False)
    )
    assert result.exit_code == 0
    blocks = result.stdout.split("\n\n")[1:]
    axes = [block.splitlines()[0] for block in blocks]
    assert axes == ["GBP", "USD", "consultations", "kits", "parcels", "people"]
    kits = blocks[3].splitlines()[1:]
    assert kits[0].split()[-2:] == ["100", "announced"]  # the number whole, then the status
    assert kits[0].count("\u2588") > kits[-1].count("\u2588")


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_the_chart_never_cuts_a_number_or_a_word(runner: CliRunner, width: int) -> None:
    from tests.conftest import DATA

    path = DATA / "totals.yaml"
    result = runner.invoke(app, ["aid", "--chart", "-f", str(path)], obj=Terminal(True, width))
    assert result.exit_code == 0
    text = result.stdout
    assert max(len(line) for line in text.splitlines()) <= width
    records = runner.invoke(app, ["aid", "--chart", "-f", str(path), "--format", "json"]).stdout
    import json

    for record in json.loads(records):
        shown = f"{record['value']:,}"
        assert re.search(rf"(?<![\d,]){re.escape(shown)} +{record['status']}\b", text), shown
        for word in record["label"].split():  # labels wrap between words, never inside one
            assert re.search(rf"(?<!\S){re.escape(word)}(?!\S)", text), word
    bars = [line.count("\u2588") for line in text.splitlines()]
    assert max(bars) <= 40


def test_chart_and_totals_do_not_combine(runner: CliRunner) -> None:
    for extra in (["--totals"], ["--by", "donor"]):
        result = runner.invoke(app, ["aid", "--chart", *extra])
        assert result.exit_code == 2 and "does not combine" in result.stderr


def test_a_title_that_ends_in_its_own_stop_gets_no_second_one() -> None:
    from raqqa_cli.briefing.load import embedded_briefing
    from raqqa_cli.render.brief import render_brief, render_brief_for_terminal, render_brief_html
    from raqqa_cli.reports.show import source_text
    from raqqa_cli.terminal import Terminal

    briefing = load_briefing(embedded_briefing())
    article = next(s for s in briefing.sources if s.title.endswith("?"))
    texts = [
        render_brief(briefing),
        render_brief_html(briefing),
        render_brief_for_terminal(briefing, Terminal(True, 200)),
        source_text(article),
    ]
    for text in texts:
        assert "?." not in text and "?**." not in text and "?</strong>." not in text
    assert source_text(article).startswith(f"{article.title} {article.publisher}, ")
    plain = next(s for s in briefing.sources if not s.title.endswith(("?", ".", "!")))
    assert source_text(plain).startswith(f"{plain.title}. ")


def test_a_venue_that_names_its_place_is_not_followed_by_it_again() -> None:
    from raqqa_cli.reports.phrases import where_text

    assert where_text("House of Commons", "House of Commons") == "House of Commons"
    assert where_text("urgent question, House of Commons", "House of Commons") == (
        "urgent question, House of Commons"
    )
    assert where_text("press conference", "Brussels") == "press conference, Brussels"
    assert where_text(None, "Brussels") == "Brussels"
    assert where_text(None, None) is None
    assert where_text("Brusselsburg town hall", "Brussels") == "Brusselsburg town hall, Brussels"


def test_the_overview_offers_no_command_for_an_empty_section() -> None:
    """It offered `raqqa aid` to dig into 0 aid lines."""
    from raqqa_cli.briefing.load import load_briefing
    from raqqa_cli.reports.overview import overview_report

    debate = Path(__file__).parent.parent.parent / "examples" / "unsc-8228-2018.yaml"
    report = overview_report(Index(load_briefing(str(debate))))
    keys = [c.key for c in report.columns]
    at_count, at_command = keys.index("count"), keys.index("command")
    assert any(row[at_count] == 0 for row in report.rows)  # the debate gives no aid
    for row in report.rows:
        assert (row[at_command] is None) == (row[at_count] == 0), row


@pytest.mark.parametrize(
    ("args", "what"),
    [(["reactions"], "reactions"), (["aid"], "aid lines"), (["aid", "--totals"], "aid lines")],
)
def test_an_empty_section_says_so_unless_a_filter_emptied_it(args: list[str], what: str) -> None:
    """It said "no reactions match" with no filter given."""
    from raqqa_cli.cli.app import app
    from raqqa_cli.terminal import Terminal

    debate = str(Path(__file__).parent.parent.parent / "examples" / "unsc-8228-2018.yaml")
    runner = CliRunner()
    bare = runner.invoke(app, ["-f", debate, *args], obj=Terminal(False))
    assert bare.exit_code == 0 and f"this briefing records no {what}" in bare.stderr
    matched = runner.invoke(app, ["-f", debate, *args, "--match", "x"], obj=Terminal(False))
    assert matched.exit_code == 0 and f"no {what} match" in matched.stderr


def test_an_actor_named_like_a_place_says_so() -> None:
    """`actors Raqqa` returned the group "Raqqa Is Being Slaughtered Silently" silently."""
    from raqqa_cli.reports.actors import actor_detail

    index = Index(load_briefing(None))  # the embedded briefing: the city and the group
    report = actor_detail(index, "Raqqa")
    assert report.rows  # the group, whose name holds the word
    assert any("is also a place, Raqqa (plc-raqqa)" in note for note in report.notes)
    assert not actor_detail(index, "Fallon").notes  # no place goes by it


def test_show_names_ids_and_lists_only_the_sources_the_entry_credits() -> None:
    """`show st-stewart-5live` gave `act-stewart` for its speaker, and its "source chain"
    listed the Russian MoD and OHCHR, sources cited by a source it cites."""
    from raqqa_cli.reports.show import show_report

    index = Index(load_briefing(None))
    report = show_report(index, "st-stewart-5live")
    keys = [c.key for c in report.columns]
    rows = [dict(zip(keys, row, strict=True)) for row in report.rows]
    speaker = next(r for r in rows if r["field"] == "speaker")
    assert speaker["shown"] == "Rory Stewart (act-stewart)" and speaker["value"] == "act-stewart"
    assert "shown" not in [keys[i] for i in report.for_machines()]  # records keep the id
    chain = [r["id"] for r in rows if r["part"] == "source chain"]
    statement = index.get("st-stewart-5live")
    assert chain == [statement.source, statement.via]


def test_errata_and_timeline_say_none_recorded_without_a_filter(tmp_path: Path) -> None:
    from raqqa_cli.cli.app import app
    from raqqa_cli.terminal import Terminal

    runner = CliRunner()
    mine = tmp_path / "mine.yaml"
    assert runner.invoke(app, ["init", str(mine)], obj=Terminal(False)).exit_code == 0
    errata = runner.invoke(app, ["-f", str(mine), "errata"], obj=Terminal(False))
    assert "this briefing records no errata" in errata.stderr  # the template has none
    later = runner.invoke(
        app, ["-f", str(mine), "timeline", "--since", "2090"], obj=Terminal(False)
    )
    assert "no events in that period" in later.stderr


ROOT = Path(__file__).parent.parent.parent
EVERY_BRIEFING = [
    None,  # the embedded briefing
    *sorted(str(p) for p in ROOT.glob("examples/*.yaml")),
    *sorted(str(p) for p in DATA.glob("*.yaml") if "hostile" not in p.name),
]


@pytest.mark.parametrize("location", EVERY_BRIEFING)
def test_an_actors_links_are_those_a_walk_of_every_entry_finds(
    location: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`actors NAME` walks only the entries that may link to the actor (`_may_link`: its
    id in their strings, every judgement, statements by whoever held a role for it): the
    links are the same as where every entry is walked, for every actor of every briefing."""
    index = Index(load_briefing(location))
    quick = {a.id: actors.actor_detail(index, a.id).rows for a in index.briefing.actors}
    every = list(range(sum(len(getattr(index.briefing, s)) for s in SECTIONS)))

    def walk_all(index: Index, actor: Any) -> tuple[set[int], list[int]]:
        return set(every), every

    monkeypatch.setattr(actors, "_may_link", walk_all)
    for actor in index.briefing.actors:
        assert actors.actor_detail(index, actor.id).rows == quick[actor.id], actor.id
    assert any(quick.values()) or not index.briefing.actors
