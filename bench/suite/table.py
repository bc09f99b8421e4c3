"""The printed table: one row per figure with its reference, ratio and targets."""

SECTIONS = (
    ("reference", "references: this machine's limits, measured in this run"),
    ("peer", "peers on this machine, in this run"),
    ("scenario", "scenarios: Gregor"),
)

COLUMNS = (("id", 16), ("figure", 52), ("value", 20), ("reference", 21), ("ratio", 7), ("target", 22), ("met", 0))


def number(value, unit):
    """A value in its unit, short: 1.23 M/s, 456 k/s, 2812 MB/s, 0.201 ms, 1.53 s, 23.4 MB."""
    if value is None:
        return "-"
    if unit in ("rec/s", "ops/s"):
        if value >= 1e6:
            return f"{value / 1e6:.2f} M/s"
        if value >= 1e3:
            return f"{value / 1e3:.0f} k/s"
        return f"{value:.0f} /s"
    if unit == "MB/s":
        return f"{value:.0f} MB/s"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{_digits(value)} {unit}"


def _digits(value):
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def value_text(fig):
    if "p50" in fig.extra and "p99.9" in fig.extra:  # latency percentiles: p50/p99/p99.9
        parts = (fig.extra_value("p50"), fig.value, fig.extra_value("p99.9"))
        return "/".join(_digits(v) for v in parts) + f" {fig.unit}"
    return number(fig.value, fig.unit)


def met_text(fig):
    verdicts = [t.met(fig) for t in fig.targets]
    if not verdicts or any(v is None for v in verdicts):
        return ""
    if all(verdicts):
        return "met"
    if not any(verdicts):
        return "NOT met"
    return f"{sum(verdicts)} of {len(verdicts)} met"


def row(cells):
    return "  ".join(str(cell).ljust(width) if width else str(cell)
                     for cell, (_, width) in zip(cells, COLUMNS)).rstrip()


def render(figures, heading_lines):
    lines = list(heading_lines) + ["", row(name for name, _ in COLUMNS)]
    for section, title in SECTIONS:
        rows = [f for f in figures if f.section == section]
        if not rows:
            continue
        lines.append(f"-- {title}")
        for fig in rows:
            if fig.not_measured:
                lines.append(row([fig.id, fig.name]) + f"  not measured ({_shorten(fig.not_measured)})")
                continue
            ref = f"{fig.reference.id} {number(fig.reference.value, fig.reference.unit)}" if fig.reference else ""
            ratio = f"{fig.ratio:.2f}x" if fig.ratio is not None else ""
            target = ", ".join(t.text for t in fig.targets)
            lines.append(row([fig.id, fig.name, value_text(fig), ref, ratio, target, met_text(fig)]))
    # Notes, each once for all the figures that share it.
    notes = {}
    for fig in figures:
        if fig.note and not fig.not_measured:
            notes.setdefault(fig.note, []).append(fig.id)
    if notes:
        lines += ["", "notes:"] + [f"  {', '.join(ids)}: {note}" for note, ids in notes.items()]
    return "\n".join(lines)


def _shorten(text, keep=70):
    """Long error messages keep their start and their end (where the cause usually is)."""
    return text if len(text) <= 2 * keep else text[:keep] + " ... " + text[-keep:]
