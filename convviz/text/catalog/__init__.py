"""Message catalogues, one module per page or topic, each with ``EN`` and ``ZH`` dicts (same keys)."""
