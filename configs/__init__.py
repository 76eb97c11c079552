"""Built-in configs: shipped inside the wheel as the package ``pipeline.configs`` (see pyproject.toml)."""
