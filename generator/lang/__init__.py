"""The words of each language the annotator reads, one module a language (as spaCy keeps `spacy/lang/es/`).

`es.py` and `en.py` hold the same kinds of word list, under the same name where both languages have
one, lowercase, with the morphology that expands them (verb forms, plurals). The rules in `annotate/`
take the union of both: an article's language is not always known, and news in one language quotes the other. A new
language is a new module with the same names, joined to those unions
(`annotate/reporting.py`, `roles.py`, `entity_words.py`, `noun_phrases.py`).
"""
