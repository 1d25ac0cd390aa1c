"""Sparse matrices as plain values (bytes, strings, numbers), for the build state, and back.

The build state's loader builds plain values only, never a class it names, so a matrix is kept as
its CSR arrays' bytes with their types and its shape, and made again from them bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse

#: A CSR matrix as plain values: (rows, columns), then (type, bytes) of its data, indices and index pointers.
PlainMatrix = tuple[tuple[int, int], tuple[str, bytes], tuple[str, bytes], tuple[str, bytes]]


def plain_matrix(matrix: sparse.csr_matrix) -> PlainMatrix:
    """`matrix` as plain values."""
    data, indices, indptr = ((array.dtype.str, array.tobytes()) for array in (matrix.data, matrix.indices, matrix.indptr))
    return (int(matrix.shape[0]), int(matrix.shape[1])), data, indices, indptr


def matrix_of(plain: Any) -> sparse.csr_matrix:
    """The matrix `plain_matrix` made `plain` of; TypeError or ValueError when `plain` is not of its shape."""
    (rows, columns), *arrays = plain
    if not (type(rows) is int and type(columns) is int and len(arrays) == 3):
        raise TypeError("a matrix of another shape")
    data, indices, indptr = (np.frombuffer(content, dtype=np.dtype(kind)).copy() for kind, content in arrays)
    if indices.dtype.kind != "i" or indptr.dtype.kind != "i" or len(indptr) != rows + 1 or len(data) != len(indices):
        raise ValueError("a matrix whose arrays do not fit")
    return sparse.csr_matrix((data, indices, indptr), shape=(rows, columns))
