"""How pyarrow and polars compare at the counting itakit needs (issue 14): answers per agency, column and value.

Counting only (no scoring), on a raw-answer CSV file; prints the time, the number of
cells counted and the peak memory.  Run each engine a few times, alternating::

    python benchmarks/engine_probe.py pyarrow benchmarks/data/iit.csv
    python benchmarks/engine_probe.py polars benchmarks/data/iit.csv
"""

from __future__ import annotations

import resource
import sys
import time


def main(which: str, path: str) -> None:
    start = time.perf_counter()
    cells = 0
    if which == "pyarrow":  # streaming blocks, each column dictionary-encoded as parsed, bincount of codes
        import numpy as np
        import pyarrow as pa
        import pyarrow.csv as pacsv

        with open(path, encoding="utf-8") as fh:
            names = fh.readline().rstrip("\n").split(",")
        dictionary = pa.dictionary(pa.int32(), pa.string())
        reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=4 << 20),
                                convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, dictionary)))
        for batch in reader:
            agency = batch.column(0)
            codes = agency.indices.to_numpy()
            for j in range(1, batch.num_columns):
                column = batch.column(j)
                width = len(column.dictionary)
                counts = np.bincount(codes * width + column.indices.to_numpy(), minlength=len(agency.dictionary) * width)
                cells += int(counts.sum())
    else:  # the whole frame as text, a group-by per column
        import polars as pl

        frame = pl.scan_csv(path, infer_schema=False).collect()
        for column in frame.columns[1:]:
            cells += int(frame.group_by([frame.columns[0], column]).len()["len"].sum())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{which}: {time.perf_counter() - start:.2f} s, {cells:,} cells counted, {peak} MiB peak")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
