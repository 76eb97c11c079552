"""Inference engine: devices, chunking, token-budget batching, tokenizers, model loading and the
generation backends (:mod:`pipeline.engine.backends`)."""
