"""The release's documentation and checks, written after the data and before the manifest.

Called once by :func:`source_stance.builder.release._write_tree` with the data files, rejects
and the front-matter README already in the (temporary) release folder:

1. **Release mode**: texts are withheld (``text`` null, ids, offsets and hashes kept) for every
   document whose ``rights_status`` is ``restricted``, or for all documents with ``--text-free``;
   the manifest says which mode and which documents.
2. **Version rule**: the newest earlier release of the same dataset in the output folder is
   diffed against this one; a version bump smaller than the changes need is refused
   (:func:`source_stance.builder.diff.check_bump`); ``CHANGELOG.md`` lists the changes.
3. ``audit.json`` (leakage and shortcut audit), ``plots/*.png``, ``DATASHEET.md`` (the
   project's datasheet narrative with this release's figures), ``croissant.json`` and the full
   dataset card in ``README.md``, all generated from the release as read back from disk.

Everything here is deterministic: building twice gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from source_stance.builder.engine.background import Background
from source_stance.builder.reading import (
    SKIPPED_FOR_DESCRIPTION,
    SentenceStats,
    read_documents,
    read_release,
    sentence_stats,
)
from source_stance.builder.release_files import DATA_CONFIGS, data_files, features_metadata, vocabularies_of

WITHHELD_RIGHTS = ("restricted",)
#: Above this many documents the annotator evaluation is left to `source-stance evaluate` (it
#: rebuilds the corpus without curated labels, which doubles the build time).
EVALUATION_MAX_DOCUMENTS = 2000
DATASHEET = "DATASHEET.md"

SKELETON = """# Datasheet

No hand-written datasheet narrative was found (put one at `<raw>/DATASHEET.md`, or use the
project's DATASHEET.md as a model). The generated figures follow.

{blocks}
"""


def withheld_documents(folder: Path, text_free: bool) -> list[str]:
    """Doc ids whose text is withheld: all with ``text_free``, else those with restricted rights."""
    out = []
    names = None
    for paths in data_files(folder, "documents").values():
        for p in paths:
            t = pq.read_table(p, columns=["doc_id", "rights_status"])
            if names is None:
                names = features_metadata(pq.read_schema(p))["rights_status"]["names"]
            if not text_free:  # label codes whose name is withheld (a null label is never withheld)
                codes = pa.array([i for i, n in enumerate(names) if n in WITHHELD_RIGHTS], t["rights_status"].type)
                t = t.filter(pc.is_in(t["rights_status"], value_set=codes))
            out += t["doc_id"].to_pylist()
    return sorted(out)


def withhold_texts(folder: Path, withheld: list[str]) -> list[Path]:
    """Null the ``text`` of withheld documents and of their sentences, rewriting affected files;
    returns the files rewritten.

    Files are replaced (new inode), never written through: shards may be hard links into the
    build's work folder.
    """
    from source_stance.builder.write import write_parquet

    rewritten: list[Path] = []
    if not withheld:
        return rewritten
    ids = pa.array(withheld, pa.string())
    for config in DATA_CONFIGS:
        for paths in data_files(folder, config).values():
            for p in paths:
                table = pq.read_table(p)
                mask = pc.is_in(table["doc_id"], value_set=ids)
                if not pc.any(mask).as_py():
                    continue
                i = table.schema.get_field_index("text")
                text = pc.if_else(mask, pa.scalar(None, pa.string()), table["text"])
                table = table.set_column(i, table.schema.field(i), text)
                tmp = p.with_name(p.name + ".tmp")
                write_parquet(table, tmp)
                os.replace(tmp, p)
                rewritten.append(p)
    return rewritten


def datasheet_template(raw_dir: Path) -> Optional[str]:
    for candidate in (raw_dir / DATASHEET, Path(__file__).resolve().parent.parent / DATASHEET):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


def evaluation_summary(raw_dir: Path, n_documents: int) -> Optional[str]:
    """Scores of the automatic annotators against curated labels, as markdown (None if unavailable)."""
    if n_documents > EVALUATION_MAX_DOCUMENTS:
        return f"Not computed in the build above {EVALUATION_MAX_DOCUMENTS} documents: run `source-stance evaluate`."
    rows = []
    notes = []
    try:
        from source_stance.builder.evaluate import evaluate_claims
    except ImportError:
        evaluate_claims = None  # type: ignore[assignment]
    try:
        from source_stance.builder.evaluate_documents import evaluate_documents
    except ImportError:
        evaluate_documents = None  # type: ignore[assignment]
    from source_stance.builder.errors import SourceStanceError

    if evaluate_claims is not None:
        try:
            ev = evaluate_claims(raw_dir)
            notes.append(f"Claim annotator `{ev.annotator}` against `{ev.gold_file}` ({ev.curator}), {ev.n_sentences} sentences in {ev.n_documents} documents.")
            for label, s in ev.scores.items():
                rows.append(["claims", label, s.n, f"{s.accuracy:.3f}", f"{s.macro_f1:.3f}"])
            rows.append(["claims", "speaker (exact / lenient)", ev.speaker.n if hasattr(ev.speaker, "n") else "",
                         f"{ev.speaker.exact_accuracy:.3f} / {ev.speaker.lenient_accuracy:.3f}", ""])
        except SourceStanceError as e:
            notes.append(f"Claim annotator not evaluated: {e.message}")
    if evaluate_documents is not None:
        try:
            dv = evaluate_documents(raw_dir)
            notes.append(f"Document annotators against {dv.n_documents} curated documents (metadata hidden while labelling).")
            for label, s in dv.scores.items():
                rows.append(["documents", label, s.n, f"{s.accuracy:.3f}", f"{s.macro_f1:.3f}"])
        except SourceStanceError as e:
            notes.append(f"Document annotators not evaluated: {e.message}")
    if not rows and not notes:
        return None
    table = "\n".join(
        ["| annotator | label | n | accuracy | macro F1 |", "|---|---|---|---|---|"] + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    )
    return " ".join(notes) + "\n\n" + table + "\n\nGold is one curator's; the rule annotators were written with these texts in view, so these figures flatter them. `source-stance evaluate` prints per-label precision, recall and confusion matrices."


def count_sentences(folder: Path) -> SentenceStats:
    """:class:`SentenceStats` of a release folder's sentences files (what ``read_release`` counts)."""
    return sentence_stats(folder, vocabularies_of(folder))


def write_release_extras(
    output: Any, folder: Path, text_free: bool = False, digests: Optional[dict[str, str]] = None, background: Optional[Background] = None
) -> dict[str, Any]:
    """Write the documentation files into ``folder`` (see module doc); returns manifest entries.

    ``digests``: sha256 of data files (by path in the release) known from when they were written,
    used instead of reading them again; the entries of files rewritten here are removed from it.
    ``background``: where the sentences are counted, the plots drawn and the audit's naive Bayes
    trained while this process does the rest (default: here)."""
    digests = {} if digests is None else digests
    background = background or Background()
    from source_stance.builder import card, datasheet
    from source_stance.builder.audit import release_text_baseline, run_audit
    from source_stance.builder.croissant import croissant, write_croissant
    from source_stance.builder.diff import diff_releases, find_previous, check_bump, render_changelog, required_bump

    cfg = output.corpus.config
    raw_dir = Path(output.corpus.raw_dir)
    withheld = withheld_documents(folder, text_free)
    for p in withhold_texts(folder, withheld):
        digests.pop(p.relative_to(folder).as_posix(), None)
    mode = {
        "mode": "text_free" if text_free else ("mixed" if withheld else "full_text"),
        "withheld_rights_status": list(WITHHELD_RIGHTS),
        "withheld_documents": withheld,
    }
    # no rows held: every figure comes from the streamed DocumentStats / SentenceStats (the data
    # files are final from here on, so the sentences can be counted meanwhile elsewhere)
    release = read_release(
        folder,
        manifest={"dataset": cfg.name, "version": cfg.version, "release_mode": mode},
        skip=SKIPPED_FOR_DESCRIPTION,
        sentences=False,
        documents=False,
        sentence_stats_of=background.submit(count_sentences, folder),
    )

    # the two slowest steps left need only the release as read: they run beside the rest
    plots_of = background.submit(datasheet.write_plots, release, folder / "plots", folder.parent / ".matplotlib")
    text_baseline_of = background.submit(release_text_baseline, release)

    previous = find_previous(folder.parent, cfg.name, cfg.version)
    extras: dict[str, Any] = {"release_mode": mode, "previous_release": None}
    if previous is not None:
        # the changelog compares document rows (diff.py), so only this step holds them
        old = read_release(previous, skip=SKIPPED_FOR_DESCRIPTION, sentences=False)
        d = diff_releases(old, dataclasses.replace(release, documents=read_documents(folder, release.vocabs, SKIPPED_FOR_DESCRIPTION)))
        old.documents = []  # the rows are not needed past the diff
        check_bump(d, old.version, cfg.version)
        changelog = render_changelog(d, cfg.name, cfg.version, old.version)
        extras["previous_release"] = old.version
        extras["required_bump"] = required_bump(d)[0]
    else:
        changelog = render_changelog(None, cfg.name, cfg.version)
    (folder / "CHANGELOG.md").write_text(changelog, encoding="utf-8", newline="\n")

    audit = run_audit(release, text_baseline_of=text_baseline_of)
    (folder / "audit.json").write_text(json.dumps(audit, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    plots = plots_of()
    extras["plots"] = plots or "skipped: matplotlib is not installed"
    evaluation = evaluation_summary(raw_dir, release.document_stats.n)
    blocks = datasheet.generate_blocks(release, audit, plot_prefix="plots/", plots=plots, evaluation=evaluation)
    template = datasheet_template(raw_dir)
    if template is None:
        template = SKELETON.format(blocks="\n\n".join(f"<!-- BEGIN GENERATED: {n} -->\n<!-- END GENERATED -->" for n in blocks))
    (folder / DATASHEET).write_text(datasheet.fill(template, blocks), encoding="utf-8", newline="\n")

    rai = card.rai_statements(release, audit, cfg, blocks)
    doc = croissant(
        release,
        description=" ".join(cfg.description.split()),
        license="other: per-document rights_status; restricted texts are withheld",
        cite_as=card.citation(cfg.name, cfg.version),
        rai=rai,
        digests=digests,
    )
    write_croissant(folder / "croissant.json", doc)
    readme = folder / "README.md"
    existing = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    readme.write_text(card.render_full_card(existing, release, cfg, blocks, rai, release.vocabs), encoding="utf-8", newline="\n")
    return extras
