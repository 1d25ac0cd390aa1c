"""Annotation on a Dask cluster: the cache misses of a build sent out in batches, annotations back as they arrive.

`address` reads a cluster address and `versions` says what a worker must share with the build; both are
light. `worker` (the plugin and task run by Dask workers) and `client` (the build's side) import Dask,
so only builds given a cluster import them.
"""
