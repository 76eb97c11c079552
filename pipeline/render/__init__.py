"""Renderers: what people read (Markdown)."""
