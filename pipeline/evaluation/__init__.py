"""Evaluation: Chinese ROUGE (:mod:`~pipeline.evaluation.rouge`), data, statistics and reports."""
