"""`digest eval`: the annotator scored against hand-checked gold files (quotes, speakers, entities).
"""
