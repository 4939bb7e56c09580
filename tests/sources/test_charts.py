"""The chain chart: the student's chain beside the expert's, differences marked, accessible."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from lessons.casestudy import Case, UnknownArticleError
from lessons.charts import OKABE_ITO
from lessons.sources.charts import LINK_STYLES, chain_figure
from tests.cases import sources_only_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return sources_only_case(tmp_path_factory.mktemp("seed"))


def alt(fig: Figure) -> str:
    return str(fig.lessons_alt_text)  # type: ignore[attr-defined]


def texts(fig: Figure, panel: int) -> list[str]:
    return [t.get_text() for t in fig.axes[panel].texts]


def test_a_skipping_chain_is_marked_and_the_missing_steps_are_named(case: Case) -> None:
    fig = chain_figure(case, "news-blog", ["Korotchenko", "Regnum"])
    assert isinstance(fig, Figure)
    assert "adahzionblog" in fig.get_suptitle()
    assert [ax.get_title() for ax in fig.axes] == ["Your chain", "The expert's chain"]
    assert LINK_STYLES["skip"].words in texts(fig, 0)
    assert LINK_STYLES["direct"].words in texts(fig, 0)
    missing = [t for t in texts(fig, 1) if "not in your chain" in t]
    assert sorted(t.split("\n")[0] for t in missing) == ["New York Post", "The Independent"]
    alt_text = alt(fig)
    assert "Missing from your chain: The Independent, New York Post." in alt_text
    assert "adahzionblog from Igor Korotchenko (skips a step)" in alt_text


def test_the_expert_chain_itself_has_nothing_missing(case: Case) -> None:
    fig = chain_figure(case, "kyiv-post", ["business-insider", "regnum"])
    assert not [t for t in texts(fig, 1) if "not in your chain" in t]
    assert "Your chain has every step of the expert's." in alt(fig)
    assert not any("✗" in t or "◐" in t for t in texts(fig, 0))


def test_wrong_repeated_and_unknown_steps(case: Case) -> None:
    fig = chain_figure(case, "deep-dive", ["Newsweek", "Rappler", "Newsweek", "The Moon Gazette"])
    left = texts(fig, 0)
    assert LINK_STYLES["wrong"].words in left and LINK_STYLES["repeat"].words in left
    assert any("The Moon Gazette" in t.get_text() for t in fig.texts)
    assert "Not in this story: The Moon Gazette." in alt(fig)


def test_an_empty_chain_says_so(case: Case) -> None:
    fig = chain_figure(case, "spark-chronicles", [])
    assert "You have not built a chain yet." in texts(fig, 0)
    assert "Missing from your chain: Il Messaggero, REGNUM." in alt(fig)


def test_uncertain_and_uncredited_expert_links_are_labelled(case: Case) -> None:
    fig = chain_figure(case, "news-blog", [])
    right = texts(fig, 1)
    assert "copied, no credit" in right  # the blog copied The Independent
    assert "copied, no credit (probably)" in right  # Korotchenko's reports were probably REGNUM's
    assert "translated, no credit" in texts(chain_figure(case, "spark-chronicles", []), 1)


def test_colours_are_okabe_ito_and_marks_are_not_colour_alone(case: Case) -> None:
    fig = chain_figure(case, "tyler-durden", ["NY Post", "Regnum", "Council on Foreign Relations"])
    palette = {colour.lower() for colour in OKABE_ITO.values()}
    arrows = [a for ax in fig.axes for a in ax.texts if getattr(a, "arrow_patch", None)]
    assert arrows
    for arrow in arrows:
        rgb = arrow.arrow_patch.get_edgecolor()[:3]
        assert "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in rgb)) in palette
    styles = {style.line for style in LINK_STYLES.values()}
    assert {"solid", "dashed", "dotted"} <= styles
    assert len({style.words for style in LINK_STYLES.values()}) == len(LINK_STYLES)


def test_the_figure_renders(case: Case) -> None:
    buffer = io.BytesIO()
    chain_figure(case, "tyler-durden", ["Business Insider", "Channel One", "REGNUM"]).savefig(
        buffer, format="png"
    )
    assert buffer.getvalue().startswith(b"\x89PNG") and len(buffer.getvalue()) > 10_000


def test_an_unknown_article_raises_a_plain_error(case: Case) -> None:
    with pytest.raises(UnknownArticleError, match="Choose one of"):
        chain_figure(case, "the-sun", [])


def test_no_pyplot_and_no_global_figures(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from tests.cases import sources_only_case\n"
        "from pathlib import Path\n"
        "from lessons.sources.charts import chain_figure\n"
        f"case = sources_only_case(Path({str(tmp_path)!r}))\n"
        "chain_figure(case, 'kyiv-post', ['REGNUM'])\n"
        "print('matplotlib.pyplot' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.strip() == "False"
