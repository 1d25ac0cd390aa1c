"""Files read and written safely: only regular files are read, a replaced file is never seen half-written,
scratch folders are named after their process.
"""
