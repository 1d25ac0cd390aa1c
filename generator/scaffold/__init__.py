"""`digest new`: a new site's folder, settings (every one described) and starter content.
"""
