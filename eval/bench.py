"""``python -m eval.bench`` runs the same benchmark as ``zhsum bench`` (pipeline/bench.py)."""

from pipeline.bench import main

if __name__ == "__main__":
    raise SystemExit(main())
