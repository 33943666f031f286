"""Measurements behind two decisions of issue 6 (not a test; run it to re-measure).

1. Legacy codecs on short texts: builder.decode's heuristic vs charset-normalizer (installed with
   requests).  Prints how many texts each decodes exactly, and the time.
2. Near-duplicate estimator: error of the MinHash similarity against the true Jaccard of word
   5-shingles on pairs of independently edited copies.

    python benchmarks/decode_and_near_dup.py
"""

from __future__ import annotations

import random
import time

SAMPLES = {
    "cp1251": [
        "Переговоры между сторонами продолжились в Москве.",
        "Министр заявил, что соглашение будет подписано.",
        "В результате обстрела пострадали мирные жители села.",
        "Это не так.",
        "Заявление МИД от 12 мая 2020 года.",
    ],
    "cp1252": [
        "Le ministre a déclaré que l’accord sera signé à Genève.",
        "Die Gespräche wurden am Montag in Brüssel fortgesetzt.",
        "El portavoz señaló que la situación “sigue siendo tensa”.",
        "Café – crème brûlée",
        "São Paulo é uma cidade.",
        "Ça va très bien, merci — à bientôt.",
    ],
    "latin-1": ["Der Außenminister äußerte sich über die Lage.", "Élection présidentielle à Québec", "naïve façade"],
}


def codecs_table() -> None:
    from charset_normalizer import from_bytes

    from source_stance.builder.decode import decode

    ok_h = ok_c = n = 0
    t_h = t_c = 0.0
    for codec, texts in SAMPLES.items():
        for text in texts:
            data = text.encode(codec)
            n += 1
            t = time.perf_counter()
            d = decode(data)
            t_h += time.perf_counter() - t
            t = time.perf_counter()
            best = from_bytes(data).best()
            t_c += time.perf_counter() - t
            ok_h += getattr(d, "text", None) == text
            ok_c += (str(best) if best else None) == text
            if getattr(d, "text", None) != text or (str(best) if best else None) != text:
                print(f"  {codec:8} {text[:28]!r:32} heuristic: {getattr(d, 'encoding', d)}  charset-normalizer: {best.encoding if best else None}")
    print(f"exact decodes of {n} short texts: heuristic {ok_h}/{n} in {t_h * 1000:.1f} ms; charset-normalizer {ok_c}/{n} in {t_c * 1000:.1f} ms")


def minhash_table() -> None:
    import statistics

    from source_stance.builder.dedup import _tokens, signature, similarity

    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(400)]
    errors = []
    for _ in range(60):
        base = [rng.choice(vocab) for _ in range(300)]
        copies = []
        for _ in range(2):
            words = list(base)
            for i in rng.sample(range(len(words)), 3):
                words[i] = f"edit{rng.random()}"
            copies.append(" ".join(words))
        sh = [set(zip(*(_tokens(c)[k:] for k in range(5)))) for c in copies]
        true = len(sh[0] & sh[1]) / len(sh[0] | sh[1])
        errors.append(similarity(signature(copies[0]), signature(copies[1])) - true)
    print(
        f"MinHash estimate - true Jaccard on {len(errors)} pairs: mean {statistics.mean(errors):+.3f}, "
        f"sd {statistics.pstdev(errors):.3f}, worst {min(errors):+.3f} / {max(errors):+.3f}"
    )


if __name__ == "__main__":
    codecs_table()
    minhash_table()
