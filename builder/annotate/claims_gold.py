"""Curated claim gold: load it, apply it over automatic labels, and check it covers the build.

The gold file (named by ``claims_gold`` in ``corpus.yaml``) lists, per document id, sentences by
their **text** (compared with runs of whitespace, including no-break spaces, collapsed to one
space, so a curator can type it), so an entry survives other sentences changing.  Applying gold is pure: for
every sentence whose text has an entry, the curated values replace the automatic ones and are
marked ``curated`` (confidence 1.0, annotator the file's ``curator``).  Actors and framing terms
stay the gazetteer's and lexicon's (rule) matches; quantities are replaced only when the entry
lists them.

:func:`check_gold_coverage` runs on the built sentence rows: an entry that matches no sentence is a
:class:`ConfigError` naming the file and the entry (stop: the gold is stale); sentences of gold
documents without an entry are returned for the build to report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from source_stance.builder.corpus import read_yaml, validate_model
from source_stance.builder.errors import ConfigError
from source_stance.schema.config import CorpusConfig
from source_stance.schema.lexicon import ClaimGold, GoldSentence


@dataclass(frozen=True)
class GoldIndex:
    """Gold entries by document id and sentence text."""

    file: str
    curator: str
    by_doc: dict[str, dict[str, GoldSentence]]

    @classmethod
    def from_model(cls, gold: ClaimGold, file: str) -> "GoldIndex":
        by_doc: dict[str, dict[str, GoldSentence]] = {}
        for d, entries in gold.documents.items():
            keyed = by_doc.setdefault(d, {})
            for e in entries:
                if sentence_key(e.text) in keyed:
                    raise ConfigError(
                        f"document {d}: two entries for the same sentence: {e.text[:60]!r}",
                        path=file,
                        fix="keep one entry per sentence",
                    )
                keyed[sentence_key(e.text)] = e
        return cls(file, gold.curator, by_doc)

    def lookup(self, doc_id: str, sentence: str) -> Optional[GoldSentence]:
        return self.by_doc.get(doc_id, {}).get(sentence_key(sentence))


def sentence_key(text: str) -> str:
    """How gold entries are matched to sentences: whitespace runs collapsed to one space."""
    return " ".join(text.split())


def load_claim_gold(config: CorpusConfig, raw_dir: Path) -> Optional[GoldIndex]:
    """The curated gold named in ``config`` (None when the corpus has none)."""
    rel = config.claims_gold
    if not rel:
        return None
    path = Path(raw_dir) / rel
    if not path.is_file():
        raise ConfigError(
            f"claims gold file {rel!r} named in corpus.yaml does not exist",
            path="corpus.yaml",
            fix=f"create {rel} in the raw folder or remove `claims_gold` from corpus.yaml",
        )
    model = validate_model(ClaimGold, read_yaml(path, rel), rel, "claims gold")
    return GoldIndex.from_model(model, rel)


def _locate(text: str, needle: Optional[str], s: int, e: int) -> tuple[Optional[int], Optional[int]]:
    """Offsets of ``needle`` in the document: inside the sentence, else the last mention before it,
    else the first after it; (None, None) if the text does not contain it."""
    if not needle:
        return None, None
    i = text.find(needle, s, e)
    if i < 0:
        i = text.rfind(needle, 0, e)
    if i < 0:
        i = text.find(needle, e)
    return (i, i + len(needle)) if i >= 0 else (None, None)


def _quantities(entry: GoldSentence, text: str, s: int, e: int, where: str) -> list[dict[str, Any]]:
    out = []
    pos = s
    for q in entry.quantities or ():
        i = text.find(q.text, pos, e)
        if i < 0:
            raise ConfigError(
                f"{where}: quantity {q.text!r} does not occur in the sentence (after the previous quantity)",
                fix="copy the number exactly as written and list quantities in reading order",
            )
        out.append({"value": q.value, "qualifier": q.qualifier, "text": q.text, "unit_or_counted": q.unit_or_counted, "start": i, "end": i + len(q.text)})
        pos = i + len(q.text)
    return out


def apply_gold(
    doc_id: str,
    text: str,
    spans: Sequence[tuple[int, int]],
    rows: list[dict[str, Any]],
    gold: GoldIndex,
    default_speaker: Optional[str],
) -> list[dict[str, Any]]:
    """Rows with curated values wherever ``gold`` has an entry for the sentence."""
    entries = gold.by_doc.get(doc_id)
    if not entries:
        return rows
    out = []
    for (s, e), row in zip(spans, rows):
        entry = entries.get(sentence_key(text[s:e]))
        if entry is None:
            out.append(row)
            continue
        row = dict(row)
        cur = {"_source": "curated", "_confidence": 1.0, "_annotator": gold.curator, "_evidence": entry.note or None}
        row["is_claim"] = entry.is_claim
        row["claim_kind"] = entry.claim_kind
        for group in ("is_claim", "claim_kind", "attribution"):
            for suffix, value in cur.items():
                row[group + suffix] = value
        speaker = entry.speaker if entry.speaker_kind != "author" else default_speaker
        ss, se = _locate(text, entry.speaker, s, e) if entry.speaker_kind != "author" else (None, None)
        if entry.speaker and row.get("speaker_start") is not None and text[row["speaker_start"] : row["speaker_end"]] == entry.speaker:
            ss, se = row["speaker_start"], row["speaker_end"]  # the rule found the same mention: keep its offsets
        cs, ce = _locate(text, entry.cue, s, e)
        if entry.cue and row.get("attribution_cue_start") is not None and text[row["attribution_cue_start"] : row["attribution_cue_end"]] == entry.cue:
            cs, ce = row["attribution_cue_start"], row["attribution_cue_end"]
        row.update(
            speaker=speaker, speaker_kind=entry.speaker_kind, speaker_start=ss, speaker_end=se,
            attribution_cue=entry.cue, attribution_cue_start=cs, attribution_cue_end=ce, quote_type=entry.quote_type,
        )
        if entry.quantities is not None:
            where = f"{gold.file}: {doc_id}: {entry.text[:60]!r}"
            row["quantities"] = _quantities(entry, text, s, e, where)
            row["quantities_source"] = "curated"
            row["quantities_confidence"] = 1.0
            row["quantities_annotator"] = gold.curator
        out.append(row)
    return out


def _sha(text: str) -> str:
    return hashlib.sha256(sentence_key(text).encode("utf-8")).hexdigest()


def check_gold_coverage(gold: Optional[GoldIndex], sentences: Iterable[dict[str, Any]]) -> list[tuple[str, int]]:
    """Fail if a gold entry matches no built sentence; return (doc_id, index) of sentences in gold
    documents that have no entry.  Needs the rows' ``text`` (run it before text is withheld)."""
    if gold is None:
        return []
    built: dict[str, dict[str, list[int]]] = {}
    all_docs: set[str] = set()
    for row in sentences:
        all_docs.add(row["doc_id"])
        if row["doc_id"] in gold.by_doc:
            built.setdefault(row["doc_id"], {}).setdefault(_sha(row["text"]), []).append(row["index"])
    for doc_id, entries in gold.by_doc.items():
        if doc_id not in built:
            raise ConfigError(
                f"gold document {doc_id!r} is not in the build (documents: {', '.join(sorted(all_docs)) or 'none'})",
                path=gold.file,
                fix="correct the document id (the raw file's path without extension, comments add #comment-N) or remove the entry",
            )
        for sentence, entry in entries.items():
            if _sha(sentence) not in built[doc_id]:
                raise ConfigError(
                    f"gold entry for {doc_id!r} matches no sentence: {entry.text!r}",
                    path=gold.file,
                    fix="copy the sentence exactly as the build segments it (see the sentences config), or remove the entry",
                )
    missing = []
    for doc_id, entries in gold.by_doc.items():
        have = {_sha(t) for t in entries}
        for sha, indexes in built[doc_id].items():
            if sha not in have:
                missing.extend((doc_id, i) for i in indexes)
    return sorted(missing)
