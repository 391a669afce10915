"""The benchmark: load data generator (bench.generate), measurements (bench.run), fault scripts
(scripts/faults/). A measuring tool, not part of the product; nothing in the product imports it."""
