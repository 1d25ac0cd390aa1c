"""The pipeline: the orchestrator whose body lists the stages (`build`), the preview's build session that
reruns them with hooks, the annotation of many articles across processes or a cluster, the checks made before
any work, and the digest of every input that tells whether a site is up to date.
"""
