"""The driver's band-by-band near-duplicate clustering decides exactly as the reference
(``dedup.near_duplicate_clusters``), whether the bands come from memory or from band files."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from source_stance.builder.dedup import N_PERM, near_duplicate_clusters
from source_stance.builder.engine.near_dup import BandFiles, clusters_from_bands, lean_near_duplicate_clusters, signature_block


def planted(seed: int, n_base: int = 40) -> tuple[list[str], np.ndarray]:
    """Random signatures with variants (some above, some below the threshold, some chained)."""
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 2**32, size=(n_base, N_PERM), dtype=np.uint64).astype("<u4")
    rows, ids = [], []
    for i, sig in enumerate(base):
        rows.append(sig)
        ids.append(f"doc{rng.integers(0, 10**6):07d}-{i}")
        for k in range(int(rng.integers(0, 4))):
            var = (rows[-1] if rng.random() < 0.5 else sig).copy()
            changed = rng.choice(N_PERM, size=int(rng.integers(1, 30)), replace=False)
            var[changed] = rng.integers(0, 2**32, size=len(changed), dtype=np.uint64).astype("<u4")
            rows.append(var)
            ids.append(f"var{rng.integers(0, 10**6):07d}-{i}-{k}")
    return ids, np.stack(rows)


def reference(ids: list[str], sigs: np.ndarray) -> dict[str, str]:
    return near_duplicate_clusters((d, r.tobytes()) for d, r in zip(ids, sigs))


def from_files(tmp_path, ids: list[str], sigs: np.ndarray, block: int) -> dict[str, str]:
    bands = BandFiles(tmp_path)
    for lo in range(0, len(sigs), block):  # appended in several shard-sized blocks
        bands.append(sigs[lo : lo + block])
    bands.close()
    assert bands.rows == len(sigs)
    chunks = [pa.array(ids[lo : lo + block], pa.string()) for lo in range(0, len(ids), block)]
    return clusters_from_bands(pa.chunked_array(chunks, pa.string()), bands.band)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_band_files_decide_as_the_reference(tmp_path, seed):
    ids, sigs = planted(seed)
    expected = reference(ids, sigs)
    assert expected, "the generator must plant near duplicates"
    assert from_files(tmp_path, ids, sigs, block=7) == expected
    assert lean_near_duplicate_clusters(ids, sigs) == expected


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(0, 30),
    n_values=st.integers(1, 3),
    seed=st.integers(0, 2**32 - 1),
)
def test_small_alphabets_decide_as_the_reference(tmp_path_factory, n, n_values, seed):
    """Signatures drawn from very few values: many shared bands, big buckets, ties everywhere."""
    rng = np.random.default_rng(seed)
    sigs = rng.integers(0, n_values, size=(n, N_PERM), dtype=np.uint64).astype("<u4")
    ids = [f"d{int(x)}" for x in rng.permutation(n * 3)[:n]]  # distinct, in no particular order
    expected = reference(ids, sigs)
    assert from_files(tmp_path_factory.mktemp("bands"), ids, sigs, block=4) == expected


def test_repeated_ids_fall_back_to_the_reference(tmp_path):
    ids, sigs = planted(5)
    ids[3] = ids[0]  # a repeated id: the reference keeps the last signature given for it
    assert from_files(tmp_path, ids, sigs, block=10) == reference(ids, sigs)


def test_signature_block_reads_the_binary_values_without_copying_rows():
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2**32, size=(5, N_PERM), dtype=np.uint64).astype("<u4")
    arr = pa.array([r.tobytes() for r in sigs], pa.binary())
    assert np.array_equal(signature_block(arr), sigs)
    assert np.array_equal(signature_block(arr.slice(2)), sigs[2:])  # an offset into the buffers
    assert signature_block(pa.array([], pa.binary())).shape == (0, N_PERM)
    with pytest.raises(ValueError, match="null"):
        signature_block(pa.array([sigs[0].tobytes(), None], pa.binary()))
    with pytest.raises(ValueError, match="bytes"):
        signature_block(pa.array([b"short"], pa.binary()))
