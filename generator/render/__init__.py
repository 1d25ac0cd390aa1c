"""Stage 5, rendering: the theme (built-in or the site's, file by file), the views and pages of a linked
corpus, Markdown, the entity graph, pagination, feeds, sitemap, branding files and the search index.
"""
