"""``python -m analysis evaluate attribution``: attribution extraction against gold.

* PolNeAR dev (``../shared/eval/attribution/polnear_dev.jsonl``): precision, recall and F1 of
  source, cue and content spans, exact (after trimming white space and punctuation at the edges)
  and overlapping; recall of gold attributions whose cue is a reporting verb (a speech cue of
  ``lexicons/reporting_cues.csv`` or "according to"); and the share of reported sources that
  overlap a gold source whose cue or content our cue or content overlaps. Every annotator's copy
  of a document is scored (PolNeAR doubles some documents), micro-averaged.
* Chains on the seeds' gold and the 18 chain cases (our corrected copies in ``data/gold/`` and
  the shared originals): gold sources found, relay outlets exactly right, false relays on cases
  whose gold has no relay, attributions invented on the negative case.
* Beside the rules' PolNeAR lines, the same span scores of the learned CRF taggers
  (:mod:`analysis.scorers.attribution.learned`, not used by the scorers yet); ``--skip-learned``
  leaves them out, ``--learned-dir`` scores other model files.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.corpus.cleaning import clean_text
from analysis.evaluation.figures import FIGURES_PATH, record_figures
from analysis.outlets.registry import find_outlet
from analysis.paths import DATA_DIR, SEEDS_DIR, shared_path
from analysis.scorers.attribution.extract import (
    Attribution,
    attributions_from_doc,
    cue_lexicon,
)
from analysis.text.document import ArticleDoc, parse_articles

_EDGE = " \t\n\r,.;:\"'“”‘’()—–-"
Span = tuple[int, int]


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _gold_parts(text: str, parts: list[dict]) -> list[Span]:
    return [_trimmed(text, p["start"], p["end"]) for p in parts if p["end"] > p["start"]]


def _overlap(a: Span, parts: Iterable[Span]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in parts)


@dataclass
class _Count:
    """Matched predictions, predictions, matched gold, gold."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0

    def scores(self) -> tuple[float, float, float]:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.tp_gold / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _pred_span(a: Attribution, field: str) -> Span | None:
    start, end = getattr(a, f"{field}_start"), getattr(a, f"{field}_end")
    return None if start is None else (start, end)


def _is_reporting_cue(cue_text: str) -> bool:
    words = cue_text.lower().replace(":", " ").split()
    lexicon = cue_lexicon()
    return "according to" in cue_text.lower() or any(
        w in lexicon and lexicon[w].category == "speech" for w in words)


def evaluate_polnear(path: Path, extractor: Callable[[ArticleDoc], list[Attribution]] = attributions_from_doc,
                     ) -> dict[str, float]:
    """Scores on one PolNeAR file (see the module docstring); keys like ``source_exact_f1``.
    ``extractor`` gives the attributions of a parsed article (default: the rules)."""
    rows = _read_jsonl(path)
    texts = list(dict.fromkeys(r["text"] for r in rows))
    predictions = {a.text: extractor(a) for a in parse_articles(texts)}
    counts = {f"{f}_{m}": _Count() for f in ("source", "cue", "content") for m in ("exact", "overlap")}
    reporting = [0, 0]
    grounded = [0, 0]
    for row in rows:
        text, preds = row["text"], predictions[row["text"]]
        golds = [{f: _gold_parts(text, g[f]) for f in ("source", "cue", "content")} for g in row["attributions"]]
        for field in ("source", "cue", "content"):
            gold_spans = [g[field] for g in golds if g[field]]
            gold_exact = {(min(s for s, _ in parts), max(e for _, e in parts)) for parts in gold_spans}
            pred_spans = [s for s in (_pred_span(a, field) for a in preds) if s is not None]
            pred_spans = [_trimmed(text, *s) for s in pred_spans]
            exact, loose = counts[f"{field}_exact"], counts[f"{field}_overlap"]
            for c in (exact, loose):
                c.n_pred += len(pred_spans)
                c.n_gold += len(gold_spans)
            exact.tp_pred += sum(s in gold_exact for s in pred_spans)
            exact.tp_gold += sum(any(s == g for s in pred_spans) for g in gold_exact) if gold_exact else 0
            loose.tp_pred += sum(any(_overlap(s, parts) for parts in gold_spans) for s in pred_spans)
            loose.tp_gold += sum(any(_overlap(s, parts) for s in pred_spans) for parts in gold_spans)
        for gold, raw in zip(golds, row["attributions"]):
            cue_text = " ".join(p["text"] for p in raw["cue"])
            if gold["cue"] and _is_reporting_cue(cue_text):
                reporting[1] += 1
                reporting[0] += any(_overlap(_pred_span(a, "cue"), gold["cue"]) for a in preds)
        for a in preds:
            source = _pred_span(a, "source")
            if source is None:
                continue
            grounded[1] += 1
            grounded[0] += any(
                gold["source"] and _overlap(source, gold["source"]) and (
                    _overlap(_pred_span(a, "cue"), gold["cue"])
                    or (a.content_start is not None and _overlap(_pred_span(a, "content"), gold["content"])))
                for gold in golds)
    out: dict[str, float] = {"documents": float(len(texts)), "annotated_copies": float(len(rows)),
                             "gold_attributions": float(sum(len(r["attributions"]) for r in rows))}
    for name, count in counts.items():
        p, r, f = count.scores()
        out.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f})
    out["reporting_verb_recall"] = reporting[0] / reporting[1] if reporting[1] else 0.0
    out["reporting_verb_gold"] = float(reporting[1])
    out["source_grounded_precision"] = grounded[0] / grounded[1] if grounded[1] else 0.0
    return out


# ---------------------------------------------------------------- chains
def _norm(name: str | None) -> str:
    if not name:
        return ""
    outlet = find_outlet(name)
    name = outlet.name if outlet is not None else name
    name = name.lower().strip()
    return name[4:] if name.startswith("the ") else name


def _names_match(gold: Iterable[str], predicted: Iterable[str | None]) -> bool:
    golds = {_norm(g) for g in gold if g}
    preds = {_norm(p) for p in predicted if p}
    return any(g == p or f" {g} " in f" {p} " or f" {p} " in f" {g} " for g in golds for p in preds)


def _via_ok(record: dict, via: tuple[str, ...]) -> bool:
    accepted = [record.get("via", [])] + record.get("via_also_accepted", [])
    return any([_norm(v) for v in option] == [_norm(v) for v in via] for option in accepted)


def _locate(text: str, evidence: str) -> Span | None:
    for probe in (evidence, evidence[:60], evidence[-60:]):
        at = text.find(probe)
        if at >= 0:
            return (at, at + len(evidence)) if probe == evidence else (at, at + len(probe))
    return None


@dataclass
class ChainScore:
    """Counts of one chain gold file."""

    gold: int = 0
    found: int = 0
    via_exact: int = 0
    traps: int = 0
    false_relays: int = 0
    negatives: int = 0
    invented: int = 0

    def lines(self, label: str) -> list[str]:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} = {a / b:.2f}" if b else "0/0"
        return [f"{label}: sources found {pct(self.found, self.gold)}; relay outlets exactly right "
                f"{pct(self.via_exact, self.gold)} (of found: {pct(self.via_exact, self.found)}); "
                f"false relays on no-relay cases {pct(self.false_relays, self.traps)}"
                + (f"; attributions invented on negative cases {pct(self.invented, self.negatives)}"
                   if self.negatives else "")]


def _score_record(score: ChainScore, record: dict, preds: list[Attribution], region: Span | None) -> None:
    near = [a for a in preds if region is None
            or region[0] <= a.cue_start < region[1]
            or (a.content_start is not None and a.content_start < region[1] and region[0] < a.content_end)]
    names = [record["source"], *record.get("aliases", []), record.get("resolved")]
    matching = [a for a in near if _names_match(names, (a.source, a.resolved))]
    score.gold += 1
    if matching:
        score.found += 1
        score.via_exact += any(_via_ok(record, a.via) for a in matching)
    if not record.get("via") and not record.get("via_also_accepted"):
        score.traps += 1
        score.false_relays += any(a.via for a in matching)


def score_seed_gold(path: Path) -> ChainScore:
    """Chain scores on the seed gold (optional records skipped)."""
    records = [r for r in _read_jsonl(path) if not r.get("optional")]
    texts = {p.stem: clean_text(p.read_text(encoding="utf-8")) for p in sorted(SEEDS_DIR.glob("*.txt"))}
    stems = list(texts)
    parsed = dict(zip(stems, parse_articles(texts[s] for s in stems)))
    preds = {s: attributions_from_doc(parsed[s], outlet="Sputnik") for s in stems}
    score = ChainScore()
    for record in records:
        stem = record["article"]
        _score_record(score, record, preds[stem], _locate(texts[stem], record["evidence"]))
    return score


def score_chain_cases(path: Path) -> ChainScore:
    """Chain scores on the short chain cases (a case with no gold attribution is a negative)."""
    cases = _read_jsonl(path)
    texts = [(c["context"] + " " + c["sentence"]).strip() for c in cases]
    score = ChainScore()
    for case, article in zip(cases, parse_articles(texts)):
        preds = attributions_from_doc(article)
        if not case["attributions"]:
            score.negatives += 1
            score.invented += bool(preds)
        for record in case["attributions"]:
            _score_record(score, record, preds, None)
    return score


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis evaluate attribution", description=__doc__)
    parser.add_argument("--polnear", type=Path, help="PolNeAR jsonl (default: shared polnear_dev.jsonl)")
    parser.add_argument("--skip-polnear", action="store_true", help="only the chain scores")
    parser.add_argument("--skip-learned", action="store_true", help="leave out the learned CRF taggers' scores")
    parser.add_argument("--learned-dir", type=Path, help="directory of attribution_crf_*.crfsuite.gz (default: shipped)")
    parser.add_argument("--record", action="store_true", help=f"store the PolNeAR figures in {FIGURES_PATH}")
    args = parser.parse_args(argv)
    print("Chains (our corrected gold, data/gold/):")
    for label, name, scorer in (("seed gold", "seed_attributions.jsonl", score_seed_gold),
                                ("chain cases", "chain_cases.jsonl", score_chain_cases)):
        print("  " + scorer(DATA_DIR / "gold" / name).lines(label)[0])
    print("Chains (shared originals, ../shared/gold/):")
    for label, name, scorer in (("seed gold", "seed_attributions.jsonl", score_seed_gold),
                                ("chain cases", "chain_cases.jsonl", score_chain_cases)):
        print("  " + scorer(shared_path(f"gold/{name}")).lines(label)[0])
    if args.skip_polnear:
        return 0
    path = args.polnear or shared_path("eval/attribution/polnear_dev.jsonl")
    scores = evaluate_polnear(path)
    print(f"PolNeAR {path.name}: {scores['documents']:.0f} documents, {scores['annotated_copies']:.0f} "
          f"annotated copies, {scores['gold_attributions']:.0f} gold attributions")
    print(f"  {'span':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}")
    for field in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            key = f"{field}_{mode}"
            print(f"  {field:<8} {mode:<8} {scores[key + '_p']:6.3f} {scores[key + '_r']:6.3f} {scores[key + '_f1']:6.3f}")
    print(f"  recall of gold attributions with a reporting-verb cue: {scores['reporting_verb_recall']:.3f} "
          f"(of {scores['reporting_verb_gold']:.0f})")
    print(f"  reported sources overlapping a gold source with its cue or content: "
          f"{scores['source_grounded_precision']:.3f}")
    figures = {f"PolNeAR {path.stem}": {k: round(float(v), 3) for k, v in scores.items()}}
    if not args.skip_learned:
        from analysis.scorers.attribution.learned import MODEL_PATHS, load_taggers, learned_attributions

        taggers = load_taggers(args.learned_dir)
        learned = evaluate_polnear(path, lambda article: learned_attributions(article, taggers=taggers))
        where = args.learned_dir or MODEL_PATHS["cue"].parent
        print(f"  learned CRF taggers ({where}/attribution_crf_*.crfsuite.gz), beside the rules above:")
        print(f"  {'span':<8} {'match':<8} {'P':>6} {'R':>6} {'F1':>6}   rules F1")
        for field in ("source", "cue", "content"):
            for mode in ("exact", "overlap"):
                key = f"{field}_{mode}"
                print(f"  {field:<8} {mode:<8} {learned[key + '_p']:6.3f} {learned[key + '_r']:6.3f} "
                      f"{learned[key + '_f1']:6.3f}   {scores[key + '_f1']:6.3f}")
        figures[f"PolNeAR {path.stem}, learned CRF"] = {k: round(float(v), 3) for k, v in learned.items()}
    if args.record:
        record_figures("attribution", figures)
        print(f"recorded in {FIGURES_PATH}")
    return 0
