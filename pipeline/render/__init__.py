"""Renderers: what people read (Markdown, HTML pages)."""
