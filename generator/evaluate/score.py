"""Score the annotator against hand-checked gold annotations (`digest eval GOLD.json`).

Matching rules (the gold's SPEC):
- a predicted quote matches a gold quote when their texts share at least 80% of the
  gold's characters, after normalising white space and quote marks (one-to-one);
- speaker accuracy is measured on matched gold *statements* that name a speaker (a null
  speaker, such as a pronoun source in derived sets, or a lone verb of speech where a source span missed
  its source, is not scored): case-insensitive, and a
  surname alone matches a full name; a name matches a gold description (`the mayor`) when the
  article gives that person the description's role (`Mayor Ann Lee`, see `evaluate_roles`);
- a predicted entity matches a gold entity when one of its names equals one of the
  gold's names (name or alias), case-insensitively; type accuracy on matched pairs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..annotate import Annotator
from ..annotate.name_forms import has_nickname, without_middle_parts
from ..annotate.reporting import REPORTING_VERBS
from ..sources.clean import clean_article
from ..errors import ContentError
from .roles import described_as
from ..sources.load import read_article
from ..model import Annotations, Article
from ..files.regular_files import read_regular

QUOTE_OVERLAP = 0.8
_QUOTE_MARKS = re.compile(r"[«»“”„‟\"‘’‚‛'`]")
_SPACE = re.compile(r"\s+")


@dataclass
class GoldArticle:
    ref: str
    language: str
    quotes: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    article: Article
    has_entities: bool = True
    """Whether the gold lists the article's entities (the key is there, even if empty)."""


@dataclass
class Counts:
    """Raw counts; every figure is derived from them so that totals are micro-averages."""

    quotes_gold: int = 0
    quotes_pred: int = 0
    quotes_matched: int = 0
    quotes_unjudged: int = 0
    """Predicted terms in quotation marks that a gold listing statements only says nothing about."""
    statements_matched: int = 0
    """Matched gold statements whose speaker is scored (the gold names one)."""
    speakers_right: int = 0
    entities_gold: int = 0
    entities_pred: int = 0
    entities_pred_matched: int = 0
    entities_gold_matched: int = 0
    types_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            if name != "misses":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    @property
    def quote_precision(self) -> float:
        return self._ratio(self.quotes_matched, self.quotes_pred - self.quotes_unjudged)

    @property
    def quote_recall(self) -> float:
        return self._ratio(self.quotes_matched, self.quotes_gold)

    @property
    def quote_f1(self) -> float:
        p, r = self.quote_precision, self.quote_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speakers_right, self.statements_matched)

    @property
    def entity_precision(self) -> float:
        return self._ratio(self.entities_pred_matched, self.entities_pred)

    @property
    def entity_recall(self) -> float:
        return self._ratio(self.entities_gold_matched, self.entities_gold)

    @property
    def type_accuracy(self) -> float:
        return self._ratio(self.types_right, self.entities_gold_matched)

    def figures(self) -> dict[str, float]:
        return {
            "quote_p": self.quote_precision, "quote_r": self.quote_recall, "quote_f1": self.quote_f1,
            "speaker_acc": self.speaker_accuracy, "entity_p": self.entity_precision,
            "entity_r": self.entity_recall, "type_acc": self.type_accuracy,
        }


@dataclass
class Evaluation:
    rows: list[tuple[str, Counts]]
    total: Counts
    has_entities: bool = True
    """Whether the gold lists entities (a set of quotes only scores no entity figures)."""


def load_gold(path: Path) -> list[GoldArticle]:
    """Read a gold file and the article text each of its refs points at (in `shared/`)."""
    try:
        data = json.loads(read_regular(path).decode("utf-8-sig"))
    except OSError as err:
        raise ContentError(path, f"cannot read the gold file: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise ContentError(path, "not valid UTF-8", hint="save the gold file as UTF-8") from None
    except json.JSONDecodeError as err:
        raise ContentError(path, f"not valid JSON: {err.msg}", line=err.lineno, hint=_SHAPE_HINT) from None
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, 1):
        if not (isinstance(item, dict) and isinstance(item.get("ref"), str) and isinstance(item.get("language"), str)
                and isinstance(item.get("quotes", []), list) and isinstance(item.get("entities", []), list)):
            raise ContentError(path, f"item {number} is not a gold article (an object with `ref`, `language`, "
                                     "`quotes` and `entities`)", hint=_SHAPE_HINT)
        quotes_ok = all(isinstance(q, dict) and isinstance(q.get("text"), str) and isinstance(q.get("kind"), str)
                        for q in item.get("quotes", []))
        entities_ok = all(isinstance(e, dict) and isinstance(e.get("name"), str) and isinstance(e.get("type"), str)
                          and isinstance(e.get("aliases", []), list) for e in item.get("entities", []))
        if not (quotes_ok and entities_ok):
            raise ContentError(path, f"item {number} ({item['ref']}): every quote needs `text` and `kind`, every "
                                     "entity `name` and `type`", hint=_SHAPE_HINT)
    shared = path.resolve().parent.parent
    return [GoldArticle(item["ref"], item["language"], item.get("quotes", []), item.get("entities", []),
                        _article_for(item["ref"], item["language"], shared), "entities" in item) for item in items]


_SHAPE_HINT = "gold files are JSON lists of annotated articles, as ../shared/gold/SPEC.md describes"


def _article_for(ref: str, language: str, shared: Path) -> Article:
    if "#" in ref:
        name, wanted = ref.split("#", 1)
        file = shared / "data" / "es-news" / name
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if str(record["Id"]) == wanted:
                title, text = record["Headline"].strip(), record["Text"]
                if text.startswith(title):
                    text = text[len(title):]
                return Article(path=file, slug=ref, title=title, lang=language, body=text, body_line=1)
        raise ContentError(file, f"no record with Id {wanted}")
    for candidate in (shared / ref, shared / "data" / ref):
        if candidate.is_file():
            article = read_article(candidate)  # a corpus file: its first line is its title, as documented
            article.lang = language
            return article
    raise ContentError(shared / ref, "gold ref points at no file")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", _QUOTE_MARKS.sub("", text)).strip().casefold()


#: The fewest characters a run shared by two quotations must hold to count towards their overlap: single letters
#: matched here and there would let a one-word quotation (`«erróneas»`) match any long one.
_MIN_RUN = 4


def _overlap(gold: str, predicted: str) -> int:
    matcher = SequenceMatcher(None, gold, predicted, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= min(_MIN_RUN, len(gold)))


def scored_speaker(gold: str | None) -> str | None:
    """The gold speaker to score, or None when it names nobody: a lone verb of speech (`said`) is what a
    derived set gives when its source span missed the source, like a pronoun, which it does not score."""
    if gold is not None and gold.strip().lower() in REPORTING_VERBS and " " not in gold.strip():
        return None
    return gold


def speaker_matches(predicted: str | None, gold: str | None) -> bool:
    """Case-insensitive; a surname alone matches the full name (either way round); titles are ignored.

    A surname is the name's last words (`López Obrador`) or, as in Chinese names,
    its first word (`Chen` of `Chen Mingjun`); descriptions never match partially.
    A gold speaker written as the source appears in the text (`Rep. Ann Lee (D-Ohio), who ...`,
    as derived sets give it) stands for each of its parts that starts as a name does.
    """
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    bare = without_middle_parts(_untitled(predicted))  # `Ann Lee` for `Ann "Annie" Lee`
    return any(_names_match(_untitled(predicted), part) or (has_nickname(part) or has_nickname(predicted))
               and _names_match(bare, without_middle_parts(part)) for part in _name_parts(gold))


def _names_match(predicted: str, gold: str) -> bool:
    p, g = _norm(predicted).split(), _norm(gold).split()
    if not p or not g:
        return False
    if p == g:
        return True
    short, full, original = (p, g, predicted) if len(p) < len(g) else (g, p, gold)
    if not short or not original.strip()[:1].isupper():
        return False
    return full[-len(short):] == short or full[: len(short)] == short


#: Courtesy and office titles written before a name (`Mr. Clarke`, `Sen. Lee`, `la Sra. Gil`).
_TITLE = re.compile(r"^(?:(?:the|el|la)\s+)?(?:mr|mrs|ms|miss|dr|prof|rep|sen|gov|rev|lt|gen|col|capt|sgt|hon|sr|sra|srta"
                    r"|don|doña|dña)\.?\s+", re.IGNORECASE)
#: Where an apposition, a parenthesis, a relative clause or an affiliation (`Mr. Lee of the Sierra Club`)
#: begins after a name written as a source.
_APPOSITION = re.compile(r",|\(|\)|\s(?:who|which|que|quien|of)\s")


#: A possessive ending a gold source written as the text has it (`Trump’s` of `Trump’s claim that ...`).
_POSSESSIVE_END = re.compile(r"['’]s$")


def _untitled(name: str) -> str:
    while (match := _TITLE.match(name.strip())) and match.end() < len(name.strip()):
        name = name.strip()[match.end():]
    return name.strip()


def _name_parts(gold: str) -> list[str]:
    """The gold speaker, and each part of it set off by commas or brackets that starts with a capital (a name)
    or ends in one after words that describe it (`panel Chairman Rep. Ann Lee`, `state Del. Jo Price`)."""
    gold = _POSSESSIVE_END.sub("", gold.strip())  # `Donald Trump’s` (claim): the owner is the source
    parts = [_untitled(part) for part in _APPOSITION.split(gold)]
    named = [_trailing_name(part) for part in parts if not part[:1].isupper()]
    return [_untitled(gold)] + [part for part in parts if part[:1].isupper()] + [n for n in named if n]


def _trailing_name(part: str) -> str:
    """The capitalised words that end `part`, a name its description leads up to ('' if it ends otherwise)."""
    words = part.split()
    k = len(words)
    while k > 0 and words[k - 1].strip('"“”«»')[:1].isupper():
        k -= 1
    return " ".join(words[k:])


def match_quotes(gold: list[str], predicted: list[str]) -> dict[int, int]:
    """Gold index → predicted index: the most one-to-one pairs whose overlap covers 80% of the gold's
    characters (a maximum matching, so a short gold quotation never takes the only match of a long one)."""
    targets = [_norm(g) for g in gold]
    texts = [_norm(p) for p in predicted]
    options: list[list[int]] = []
    for target in targets:
        overlaps = [(_overlap(target, text), -abs(len(text) - len(target)), j) for j, text in enumerate(texts)]
        good = sorted((o for o in overlaps if o[0] and o[0] >= QUOTE_OVERLAP * len(target)), reverse=True)
        options.append([j for _, _, j in good])  # best overlap first, then the closest in length
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(targets)):
        assign(i, set())
    return {i: j for j, i in owner.items()}


def score(annotations: Annotations, gold: GoldArticle, text: str = "", *, statements_only: bool = False) -> Counts:
    """Counts for one article (`text`, the cleaned article, tells which roles it gives to whom).

    `statements_only`: the gold lists attributed statements and no terms in quotation marks (PolNeAR's: a
    quoted span inside no attribution is not listed, its kind unknown), so a predicted term that matches
    none of them is neither right nor wrong and does not count against precision.
    """
    counts = Counts(quotes_gold=len(gold.quotes), quotes_pred=len(annotations.quotes),
                    entities_gold=len(gold.entities), entities_pred=len(annotations.entities))
    pairs = match_quotes([g["text"] for g in gold.quotes], [p.text for p in annotations.quotes])
    for i, g in enumerate(gold.quotes):
        if i not in pairs:
            counts.misses.append(f"{gold.ref}: quote not found: «{g['text'][:70]}»")
            continue
        best = annotations.quotes[pairs[i]]
        counts.quotes_matched += 1
        if g["kind"] == "statement" and scored_speaker(g.get("speaker")) is not None:
            counts.statements_matched += 1
            if speaker_matches(best.speaker, g.get("speaker")) or (
                    best.speaker is not None and described_as(best.speaker, g["speaker"], text, annotations.entities)):
                counts.speakers_right += 1
            else:
                counts.misses.append(f"{gold.ref}: speaker {best.speaker!r}, gold {g.get('speaker')!r}: "
                                     f"«{g['text'][:50]}»")
    used = set(pairs.values())
    free = [p for j, p in enumerate(annotations.quotes) if j not in used]
    for p in free:
        if statements_only and p.kind == "scare":
            counts.quotes_unjudged += 1
            continue
        counts.misses.append(f"{gold.ref}: extra quote [{p.kind}] «{p.text[:70]}»")

    gold_names = [{_norm(n) for n in (e["name"], *e.get("aliases", []))} for e in gold.entities]
    matched_gold: set[int] = set()
    for entity in annotations.entities:
        names = {_norm(n) for n in entity.surface_forms}
        hits = [i for i, g in enumerate(gold_names) if names & g]
        if not hits:
            counts.misses.append(f"{gold.ref}: extra entity {entity.name!r} ({entity.type})")
            continue
        counts.entities_pred_matched += 1
        for i in hits:
            if i not in matched_gold:
                matched_gold.add(i)
                if gold.entities[i]["type"] == entity.type:
                    counts.types_right += 1
                else:
                    counts.misses.append(f"{gold.ref}: {entity.name!r} typed {entity.type}, "
                                         f"gold {gold.entities[i]['type']}")
    counts.entities_gold_matched = len(matched_gold)
    for i, g in enumerate(gold.entities):
        if i not in matched_gold:
            counts.misses.append(f"{gold.ref}: entity not found: {g['name']!r} ({g['type']})")
    return counts


def evaluate(gold_path: Path, annotator: Annotator | None = None) -> Evaluation:
    """Annotate every gold article and score it."""
    golds = load_gold(gold_path)
    articles = [clean_article(g.article) for g in golds]
    annotator = annotator or Annotator()
    rows: list[tuple[str, Counts]] = []
    total = Counts()
    # a set that marks no quotation a term lists statements only
    statements_only = not any(q["kind"] == "scare" for g in golds for q in g.quotes)
    for gold, article, found in zip(golds, articles, annotator.annotate(articles)):
        counts = score(found, gold, article.text, statements_only=statements_only)
        rows.append((gold.ref, counts))
        total.add(counts)
    return Evaluation(rows, total, any(g.has_entities for g in golds))


def gold_files(paths: list[Path]) -> list[Path]:
    """The gold files named, a folder standing for every `*.json` in it (sorted); ContentError for anything else."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(path.glob("*.json"))
            if not files:
                raise ContentError(path, "no gold files (*.json) in this folder")
            found += files
        elif path.is_file():
            found.append(path)
        else:
            raise ContentError(path, "no such gold file or folder")
    return found


def format_summary(evaluations: list[tuple[str, Evaluation]]) -> str:
    """One row per gold set (micro-averaged over its articles); entity figures only for sets that list entities."""
    names = list(Counts().figures())
    width = max([len(name) for name, _ in evaluations] + [3])
    lines = [f"{'set':<{width}}  {'articles':>8}  {'quotes':>6}  {'scored':>6}  " + "  ".join(f"{n:>11}" for n in names)]
    for name, evaluation in evaluations:
        t = evaluation.total
        figures = [f"{v:>11.3f}" if evaluation.has_entities or not key.startswith(("entity", "type")) else f"{'–':>11}"
                   for key, v in t.figures().items()]
        lines.append(f"{name:<{width}}  {len(evaluation.rows):>8}  {t.quotes_gold:>6}  {t.statements_matched:>6}  "
                     + "  ".join(figures))
    lines.append("\n(quotes: gold quotations; scored: matched statements whose gold names a speaker)")
    return "\n".join(lines)


def figures_json(evaluations: list[tuple[str, Evaluation]]) -> dict[str, dict[str, float | int | None]]:
    """The summary's figures by set, for keeping and comparing runs."""
    result: dict[str, dict[str, float | int | None]] = {}
    for name, evaluation in evaluations:
        t = evaluation.total
        figures: dict[str, float | int | None] = {
            key: (round(v, 4) if evaluation.has_entities or not key.startswith(("entity", "type")) else None)
            for key, v in t.figures().items()}
        figures.update(articles=len(evaluation.rows), quotes=t.quotes_gold, speakers_scored=t.statements_matched,
                       speakers_right=t.speakers_right)
        result[name] = figures
    return result


def format_table(evaluation: Evaluation) -> str:
    """A fixed-width table: one row per article, then the overall (micro-averaged) figures."""
    names = list(Counts().figures())
    width = max([len(ref) for ref, _ in evaluation.rows] + [7])
    lines = [f"{'article':<{width}}  " + "  ".join(f"{n:>11}" for n in names)]
    for ref, counts in [*evaluation.rows, ("overall", evaluation.total)]:
        lines.append(f"{ref:<{width}}  " + "  ".join(f"{v:>11.3f}" for v in counts.figures().values()))
    t = evaluation.total
    unjudged = f" ({t.quotes_unjudged} terms the gold does not judge)" if t.quotes_unjudged else ""
    lines.append(f"\nquotes: {t.quotes_matched}/{t.quotes_gold} found, {t.quotes_pred} predicted{unjudged}; "
                 f"speakers {t.speakers_right}/{t.statements_matched}; entities: {t.entities_gold_matched}/"
                 f"{t.entities_gold} found, {t.entities_pred_matched}/{t.entities_pred} predicted right; "
                 f"types {t.types_right}/{t.entities_gold_matched}")
    return "\n".join(lines)
