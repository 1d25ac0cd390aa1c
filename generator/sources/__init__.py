"""Stages 1 and 2, the sources: article and glossary files read (front matter, Markdown or text), the boilerplate
that publishing sites inject cleaned away, each article's language detected, the authored entity lists read.
"""
