"""DATASHEET.md: the figures between markers, generated from a release; the plots.

The narrative of the datasheet is written by hand; every figure sits in a generated block::

    <!-- BEGIN GENERATED: perspective -->
    ...generated markdown...
    <!-- END GENERATED -->

:func:`generate_blocks` computes every block from a release read back from disk;
:func:`fill` rewrites the blocks of a template; :func:`stale_blocks` names the blocks whose
committed text differs from what the release gives (the staleness test and
``source-stance datasheet --check`` use it).  Plots are PNG files written with matplotlib's Agg
backend at a fixed size and dpi with no software/date metadata, so their bytes are reproducible.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional

from source_stance.builder.audit import sample_sentence, shortcut_sentence
from source_stance.builder.reading import MAX_LISTED_UNKNOWN, Release
from source_stance.schema.vocab import PERSPECTIVE_EXTRAS, SPLITS

BLOCK = re.compile(r"(<!-- BEGIN GENERATED: (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- END GENERATED -->)", re.DOTALL)
PLOTS = ("perspective_by_split.png", "claim_kind_by_perspective.png")
PLOT_SIZE = (7.0, 3.6)
PLOT_DPI = 100


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "n/a"


def _counts_table(values: Counter, order: Optional[tuple[str, ...]] = None, label: str = "value") -> str:
    c: Counter = Counter()
    for k, n in values.items():
        c["(null)" if k is None else k] += n
    keys = [k for k in (order or ()) if k in c] + sorted(k for k in c if k not in (order or ()))
    total = sum(c.values())
    return _table([label, "rows", "share"], [[f"`{k}`", c[k], _pct(c[k], total)] for k in keys])


def sides(release: Release) -> list[str]:
    return [p for p in release.vocabs.perspective if p not in PERSPECTIVE_EXTRAS]


def _described(r: Release, column: str) -> Counter:
    """Rows per value of a documents column (a column the release lacks counts as all null)."""
    ds = r.document_stats
    return ds.values.get(column) or Counter({None: ds.n} if ds.n else {})


def block_counts(r: Release) -> str:
    ds = r.document_stats
    rows = [["documents"] + [ds.by_split.get(s, 0) for s in SPLITS] + [ds.n]]
    rows.append(["sentences"] + [r.stats.by_split.get(s, 0) for s in SPLITS] + [r.stats.n])
    posts = ds.posts
    return (
        f"Release {r.name} {r.version}: {ds.n} documents ({posts} posts or articles, "
        f"{ds.n - posts} reader comments) and {r.stats.n} sentences.\n\n"
        + _table(["config", *SPLITS, "total"], rows)
    )


def _imbalance(c: Counter, side_ids: list[str], what: str) -> str:
    present = {s: c[s] for s in side_ids if c.get(s)}
    if len(present) >= 2:
        hi = max(present, key=lambda s: (present[s], s))
        lo = min(present, key=lambda s: (present[s], s))
        return (
            f"Imbalance ({what}): `{hi}` {present[hi]}, `{lo}` {present[lo]}: {present[hi] / present[lo]:.1f}:1 between the "
            f"largest and the smallest side; always answering `{hi}` is right on {_pct(present[hi], sum(present.values()))} "
            "of those labelled with a side."
        )
    missing = [s for s in side_ids if not c.get(s)]
    return f"Imbalance ({what}): no document for side(s) {', '.join(f'`{s}`' for s in missing)}." if missing else ""


def block_perspective(r: Release) -> str:
    side_ids = sides(r)
    ds = r.document_stats
    perspectives = _described(r, "perspective")
    lines = [_counts_table(perspectives, r.vocabs.perspective, "document perspective"), ""]
    lines.append(_imbalance(ds.post_perspective, side_ids, f"{ds.posts} posts and articles, reader comments left out"))
    lines.append("")
    lines.append(_imbalance(perspectives, side_ids, f"all {ds.n} documents"))
    sc = r.stats.by_perspective
    lines.append("\nSentences by their document's perspective: " + ", ".join(f"`{k}` {sc[k]}" for k in r.vocabs.perspective if sc.get(k)) + ".")
    return "\n".join(lines)


def block_publisher(r: Release) -> str:
    ds = r.document_stats
    lines = [_counts_table(_described(r, "publisher"), label="publisher")]
    unknown = ds.unknown_publisher_ids  # kept only while there are at most MAX_LISTED_UNKNOWN
    lines.append(
        f"\nPublisher unknown for {ds.unknown_publisher} of {ds.n} documents"
        + (": " + ", ".join(f"`{u}`" for u in unknown) + "." if unknown and ds.unknown_publisher <= MAX_LISTED_UNKNOWN else ".")
    )
    lines.append("\n" + _counts_table(_described(r, "publisher_kind"), r.vocabs.publisher_kind, "publisher kind"))
    return "\n".join(lines)


def block_document_type(r: Release) -> str:
    return _counts_table(_described(r, "document_type"), r.vocabs.document_type, "document type")


def block_split(r: Release) -> str:
    ds = r.document_stats
    rows = [[s, ds.by_split.get(s, 0), ds.groups_by_split.get(s, 0), r.stats.by_split.get(s, 0)] for s in SPLITS]
    small = [s for s, n, _, _ in rows if n < 30]
    note = f"\n\nSplits with fewer than 30 documents ({', '.join(small)}): any figure measured on them is anecdotal." if small else ""
    return _table(["split", "documents", "groups (publisher or family)", "sentences"], rows) + note


def block_claim_kind(r: Release) -> str:
    if not r.has_column("sentences", "claim_kind"):
        return "This release has no claim columns."
    n, claims, c = r.stats.n, r.stats.n_claims, r.stats.claim_kind
    table = _table(["claim kind", "rows", "share"], [[f"`{k}`", c[k], _pct(c[k], n)] for k in r.vocabs.claim_kind if c.get(k)])
    return f"{claims} of {n} sentences ({_pct(claims, n)}) are claims.\n\n" + table


def block_perspective_x_claim_kind(r: Release) -> str:
    if not r.has_column("sentences", "claim_kind"):
        return "This release has no claim columns."
    kinds = list(r.vocabs.claim_kind)
    rows = []
    x = r.stats.perspective_x_kind
    for p in r.vocabs.perspective:
        if r.stats.by_perspective.get(p):
            rows.append([f"`{p}`", *[x.get((p, k), 0) for k in kinds], r.stats.by_perspective[p]])
    return "Sentences by document perspective (rows) and claim kind (columns).\n\n" + _table(["perspective", *kinds, "total"], rows)


def block_framing(r: Release) -> str:
    if not r.has_column("sentences", "framing_terms"):
        return "This release has no framing-term columns."
    st = r.stats
    owners = sorted({o for _, o in st.terms_by_owner})
    rows = []
    for p in r.vocabs.perspective:
        n = st.by_perspective.get(p, 0)
        if not n:
            continue
        terms = st.terms_by_perspective.get(p, 0)
        rows.append([f"`{p}`", n, terms, f"{100 * terms / n:.1f}", *[f"{100 * st.terms_by_owner.get((p, o), 0) / n:.1f}" for o in owners]])
    top = st.top_terms
    top_line = ", ".join(f"`{c}` ({o}) {n}" for (c, o), n in sorted(top.items(), key=lambda kv: (-kv[1], kv[0]))[:12])
    return (
        "Framing-lexicon matches per 100 sentences, by the document's perspective and by whose vocabulary the lexicon "
        "says the term typically is. Terms are the sources' own wording, counted, not endorsed.\n\n"
        + _table(["perspective", "sentences", "terms", "per 100 sentences", *[f"{o} per 100" for o in owners]], rows)
        + (f"\n\nMost frequent terms: {top_line}." if top_line else "")
    )


def block_provenance(r: Release) -> str:
    rows = []
    curators: set[str] = set(r.stats.curators) | r.document_stats.curators
    for col in r.columns.get("documents", []):
        if not col.endswith("_source") or col[: -len("_source")] + "_annotator" not in r.columns["documents"]:
            continue
        base = col[: -len("_source")]
        c = r.document_stats.sources.get(base, Counter())
        rows.append([f"documents.`{base}`", *[c.get(s, 0) for s in r.vocabs.label_source]])
    for base, c in r.stats.sources.items():
        rows.append([f"sentences.`{base}`", *[c.get(s, 0) for s in r.vocabs.label_source]])
    who = ", ".join(f"`{c}`" for c in sorted(curators)) or "none"
    return (
        _table(["label", *r.vocabs.label_source], rows)
        + f"\n\nCurated labels come from: {who}. No second annotation was made, so no inter-annotator agreement was measured."
    )


def block_personal_data(r: Release) -> str:
    ds = r.document_stats
    speakers = r.stats.named_sources
    return (
        f"{ds.comments} reader comment(s) by private persons; {ds.authors} distinct author or commenter name(s)/handle(s) "
        f"in the `author` column; {speakers} sentence(s) attributed to a named source (`speaker`, mostly public officials "
        "and organisations, but names of private persons can occur in texts and speakers)."
    )


def block_rights(r: Release) -> str:
    mode = r.manifest.get("release_mode", {})
    withheld = mode.get("withheld_documents", [])
    return (
        _counts_table(_described(r, "rights_status"), r.vocabs.rights_status, "rights status")
        + f"\n\nRelease mode: `{mode.get('mode', 'full_text')}`; texts withheld for {len(withheld)} document(s)"
        + (" (ids, offsets and hashes kept)." if withheld else ".")
    )


def block_audit(r: Release, audit: dict[str, Any]) -> str:
    b = audit["perspective_baselines"]
    pubs, fams = audit["publishers_in_several_splits"], audit["families_in_several_splits"]
    dups = audit["near_duplicates_across_splits"]
    lines = [
        f"- Publishers in more than one split: {len(pubs)}" + (f" ({', '.join(pubs)})" if pubs else "") + ".",
        f"- Document families in more than one split: {len(fams)}" + (f" ({', '.join(fams)})" if fams else "") + ".",
        f"- Near-duplicate pairs across splits (word {audit['near_duplicate_shingle_words']}-gram Jaccard >= "
        f"{audit['near_duplicate_threshold']}): "
        + (
            f"not scanned ({audit['near_duplicate_scan']}; the build's near-duplicate clusters below apply)."
            if audit.get("near_duplicate_scan", "").startswith("skipped")
            else f"{len(dups)}" + (": " + ", ".join(f"`{d['a']}`/`{d['b']}` {d['jaccard']}" for d in dups[:10]) if dups else "") + "."
        ),
    ]
    if "near_duplicate_clusters_in_several_splits" in audit:
        lines.append(f"- Near-duplicate clusters in more than one split: {len(audit['near_duplicate_clusters_in_several_splits'])}.")
    if "majority_accuracy" in b:
        sample = b.get("text_nb_sample")
        rows = [
            ["majority label", b["majority_accuracy"], b["n_eval"]],
            ["publisher only", b["publisher_only_accuracy"], b["n_eval"]],
            ["bag-of-words naive Bayes on text" + (" (on a sample)" if sample else ""), b["text_nb_accuracy"], sample["n_eval"] if sample else b["n_eval_with_text"]],
            ["publisher only, leave-one-out over the release", b["publisher_loo_accuracy"], b["publisher_loo_n"]],
        ]
        lines += ["", _table(["perspective baseline", "accuracy", "n"], [[a, "n/a" if x is None else f"{x:.3f}", n] for a, x, n in rows])]
        if sample:
            lines += ["", sample_sentence(sample)]
    lines += ["", shortcut_sentence(audit)]
    return "\n".join(lines)


def block_evaluation(r: Release, evaluation: Optional[str]) -> str:
    return evaluation or "No evaluation of the automatic annotators was available when this release was built."


def block_plots(r: Release, prefix: str, written: list[str]) -> str:
    if not written:
        return "Plots were not generated (matplotlib is not installed)."
    titles = {"perspective_by_split.png": "Documents by perspective and split", "claim_kind_by_perspective.png": "Claim kinds by document perspective"}
    return "\n\n".join(f"![{titles.get(p, p)}]({prefix}{p})" for p in written)


def generate_blocks(
    release: Release,
    audit: dict[str, Any],
    *,
    plot_prefix: str = "plots/",
    plots: Optional[list[str]] = None,
    evaluation: Optional[str] = None,
) -> dict[str, str]:
    """Every generated block of the datasheet, by name."""
    simple: dict[str, Callable[[Release], str]] = {
        "counts": block_counts,
        "perspective": block_perspective,
        "publisher": block_publisher,
        "document_type": block_document_type,
        "split": block_split,
        "claim_kind": block_claim_kind,
        "perspective_x_claim_kind": block_perspective_x_claim_kind,
        "framing": block_framing,
        "provenance": block_provenance,
        "personal_data": block_personal_data,
        "rights": block_rights,
    }
    blocks = {name: fn(release) for name, fn in simple.items()}
    blocks["audit"] = block_audit(release, audit)
    blocks["evaluation"] = block_evaluation(release, evaluation)
    blocks["plots"] = block_plots(release, plot_prefix, list(PLOTS) if plots is None else plots)
    return blocks


def fill(template: str, blocks: dict[str, str]) -> str:
    """``template`` with each generated block replaced by its new text (unknown block names kept)."""

    def repl(m: re.Match) -> str:
        name = m["name"]
        if name not in blocks:
            return m[0]
        return f"{m[1]}{blocks[name].rstrip()}\n{m[4]}"

    return BLOCK.sub(repl, template)


def stale_blocks(text: str, blocks: dict[str, str]) -> list[str]:
    """Names of blocks in ``text`` whose content differs from ``blocks`` (or that it lacks)."""
    found = {m["name"]: m["body"] for m in BLOCK.finditer(text)}
    return sorted(n for n in blocks if found.get(n) is None or found[n].rstrip() != blocks[n].rstrip())


# --- plots ---------------------------------------------------------------------------------------


def write_plots(release: Release, folder: Path, cache_dir: Optional[Path] = None) -> list[str]:
    """Write the PNG plots into ``folder``; returns the file names (empty without matplotlib).

    ``cache_dir``: where matplotlib may keep its font cache when it is first imported here (the
    build passes a folder inside ``--out``, so nothing is written in the user's home).
    """
    import os
    import sys

    if cache_dir is not None and "matplotlib" not in sys.modules and "MPLCONFIGDIR" not in os.environ:
        cache_dir.mkdir(parents=True, exist_ok=True)
        os.environ["MPLCONFIGDIR"] = str(cache_dir)
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        import matplotlib
    except ImportError:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    ds = release.document_stats
    persp = [p for p in release.vocabs.perspective if ds.values.get("perspective", Counter()).get(p)]
    series = {
        "perspective_by_split.png": (
            "Documents by perspective and split",
            persp,
            list(SPLITS),
            lambda p, s: ds.perspective_x_split.get((p, s), 0),
            "documents",
        ),
    }
    if release.has_column("sentences", "claim_kind"):
        sp = [p for p in release.vocabs.perspective if release.stats.by_perspective.get(p)]
        series["claim_kind_by_perspective.png"] = (
            "Sentences by claim kind and document perspective",
            list(release.vocabs.claim_kind),
            sp,
            lambda k, p: release.stats.perspective_x_kind.get((p, k), 0),
            "sentences",
        )
    written = []
    with matplotlib.rc_context(matplotlib.rcParamsDefault):
        for name, (title, cats, groups, count, unit) in series.items():
            fig = Figure(figsize=PLOT_SIZE, dpi=PLOT_DPI)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot(1, 1, 1)
            width = 0.8 / max(len(groups), 1)
            for gi, g in enumerate(groups):
                xs = [i + gi * width for i in range(len(cats))]
                ax.bar(xs, [count(c, g) for c in cats], width=width, label=str(g))
            ax.set_xticks([i + width * (len(groups) - 1) / 2 for i in range(len(cats))])
            ax.set_xticklabels(cats, rotation=20, ha="right", fontsize=8)
            ax.set_ylabel(unit)
            ax.set_title(title, fontsize=10)
            ax.legend(fontsize=7)
            fig.tight_layout()
            fig.savefig(folder / name, format="png", dpi=PLOT_DPI, metadata={"Software": None})
            written.append(name)
    return written


def blocks_of(text: str) -> dict[str, str]:
    """The generated blocks of a datasheet text, by name."""
    return {m["name"]: m["body"].rstrip() for m in BLOCK.finditer(text)}


def release_blocks(release_dir: Path, plot_prefix: str) -> dict[str, str]:
    """The blocks a release generated for its own DATASHEET.md, with plot links under ``plot_prefix``.

    The project's DATASHEET.md takes its figures from here (``source-stance datasheet``), so the
    figures come from exactly one computation: the build's.
    """
    import json

    blocks = blocks_of((release_dir / "DATASHEET.md").read_text(encoding="utf-8"))
    plots = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8")).get("plots")
    blocks["plots"] = block_plots(None, plot_prefix, plots if isinstance(plots, list) else [])  # type: ignore[arg-type]
    return blocks
