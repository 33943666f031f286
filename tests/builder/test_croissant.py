"""croissant.json: validated by mlcroissant AND its records compared with the Parquet rows.

(Validation alone never opens the data: a wrong column would pass it.)
"""

import json

import pyarrow.parquet as pq
import pytest

from source_stance.builder.release_files import data_files

RAI_KEYS = (
    "rai:dataCollection",
    "rai:dataBiases",
    "rai:personalSensitiveInformation",
    "rai:dataLimitations",
    "rai:dataAnnotationProtocol",
    "rai:dataUseCases",
    "rai:dataSocialImpact",
)


def _parquet_rows(release, config):
    rows = []
    for split, paths in data_files(release, config).items():
        for p in paths:
            rows += [dict(r, _split=split) for r in pq.read_table(p).to_pylist()]
    return rows


def _plain(v):
    return v.decode("utf-8") if isinstance(v, bytes) else v


def test_croissant_has_rai_fields_and_hashes(seed_release):
    doc = json.loads((seed_release / "croissant.json").read_text())
    for key in RAI_KEYS:
        assert doc.get(key), key
    assert doc["version"] == json.loads((seed_release / "manifest.json").read_text())["version"]
    manifest = json.loads((seed_release / "manifest.json").read_text())
    objects = {d["contentUrl"]: d["sha256"] for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    assert objects and all(manifest["files"][k]["sha256"] == v for k, v in objects.items())
    assert any("4.0:1" in b or ":1" in b for b in doc["rai:dataBiases"])


@pytest.mark.parametrize("config,key", [("documents", "doc_id"), ("sentences", "sentence_id")])
def test_croissant_records_equal_the_parquet_rows(seed_release, config, key):
    mlc = pytest.importorskip("mlcroissant")
    dataset = mlc.Dataset(jsonld=seed_release / "croissant.json")  # validates; raises on errors
    records = [{k.split("/", 1)[1]: _plain(v) for k, v in r.items()} for r in dataset.records(record_set=config)]
    rows = _parquet_rows(seed_release, config)
    assert len(records) == len(rows)
    by_key = {r[key]: r for r in records}
    assert set(by_key) == {r[key] for r in rows}
    doc = json.loads((seed_release / "croissant.json").read_text())
    columns = [f["name"] for rs in doc["recordSet"] if rs["@id"] == config for f in rs["field"] if f["name"] != "split_name"]
    assert "split" in columns and "text" in columns
    for row in rows:
        rec = by_key[row[key]]
        assert rec["split_name"] == row["_split"]
        for col in columns:
            want, got = row[col], rec[col]
            if isinstance(want, float):
                assert got == pytest.approx(want), (row[key], col)
            else:
                assert got == want, (row[key], col)


def test_croissant_label_names_enumeration(seed_release):
    mlc = pytest.importorskip("mlcroissant")
    dataset = mlc.Dataset(jsonld=seed_release / "croissant.json")
    names = [_plain(r["vocab_perspective/name"]) for r in dataset.records(record_set="vocab_perspective")]
    features = json.loads(pq.read_schema(next((seed_release / "data" / "documents").glob("*.parquet"))).metadata[b"huggingface"])
    assert names == features["info"]["features"]["perspective"]["names"]
