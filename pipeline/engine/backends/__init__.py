"""Generation backends: ids in, ids out. PyTorch (any device) and CTranslate2 (the CPU fast path)."""
