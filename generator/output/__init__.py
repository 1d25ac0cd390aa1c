"""Stage 6, output: the rendered pages written as the site (one atomic swap, or only changed files in the
preview), the manifest of what a build wrote, the link check, publishing, and the JSON of `digest annotate`.
"""
