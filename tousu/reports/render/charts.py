"""Charts as PNG images (matplotlib, Agg) with the vendored CJK font: trend, Pareto,
on time by department, departments on the three rates."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from tousu.reports.fonts import FONT_NAME, FONT_PATH

BLUE, ORANGE, GREEN, GREY = "#0b4f8a", "#d9822b", "#1d6b33", "#8a96a3"


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_manager.fontManager.addfont(str(FONT_PATH))
    matplotlib.rcParams.update(
        {
            "font.family": FONT_NAME,
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "figure.dpi": 100,
        }
    )
    return plt


def _png(fig: Any) -> bytes:
    plt = _pyplot()
    out = io.BytesIO()
    fig.tight_layout()
    fig.savefig(out, format="png", dpi=150)
    plt.close(fig)
    return out.getvalue()


def bar_line(
    title: str,
    labels: list[str],
    bars: list[int],
    bar_label: str,
    line: list[float | None] | None = None,
    line_label: str = "",
    *,
    percent_line: bool = True,
) -> bytes:
    """Bars (counts) with an optional line on a second axis (a share or rate)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    xs = list(range(len(labels)))
    ax.bar(xs, bars, color=BLUE, label=bar_label)
    ax.set_xticks(xs, labels, rotation=30 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    ax.set_title(title)
    ax.set_ylabel(bar_label)
    for x, y in zip(xs, bars, strict=False):
        ax.annotate(str(y), (x, y), ha="center", va="bottom", fontsize=8)
    if line is not None:
        ax2 = ax.twinx()
        points = [(x, v * 100 if percent_line and v is not None else v) for x, v in zip(xs, line, strict=False)]
        ax2.plot(
            [x for x, v in points if v is not None],
            [v for _, v in points if v is not None],
            color=ORANGE,
            marker="o",
            label=line_label,
        )
        ax2.set_ylabel(line_label)
        if percent_line:
            ax2.set_ylim(0, 105)
        ax2.spines["top"].set_visible(False)
        handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
        # Above the plot, under the title: never over a bar.
        ax.legend(
            handles,
            [bar_label, line_label],
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=2,
            fontsize=8,
            frameon=False,
        )
        ax.set_title(title, pad=22)
    return _png(fig)


def grouped_rates(title: str, labels: list[str], series: dict[str, list[float | None]]) -> bytes:
    """Departments × rates, in percent."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    n = max(len(series), 1)
    width = 0.8 / n
    colours = [BLUE, ORANGE, GREEN, GREY]
    for i, (name, values) in enumerate(series.items()):
        xs = [x + (i - (n - 1) / 2) * width for x in range(len(labels))]
        ax.bar(xs, [(v or 0) * 100 for v in values], width=width, label=name, color=colours[i % len(colours)])
    ax.set_xticks(list(range(len(labels))), labels)
    ax.set_ylim(0, 110)
    ax.set_ylabel("%")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, ncols=n, loc="upper center")
    return _png(fig)
